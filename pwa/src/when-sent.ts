import { useEffect, useState } from 'preact/hooks';
import type { Outbox } from './outbox';

/** For a screen that saves through the outbox and shows its own copy meanwhile: the
 * function returned takes the queued item's id, and `then` runs once that item has been
 * sent (or is no longer there), so that the screen reads the server's state again. */
export function useWhenSent(outbox: Outbox, then: () => void): (id: string) => void {
  const [id, setId] = useState('');
  useEffect(() => {
    if (!id) return;
    const check = () => outbox.get(id).then((it) => {
      if (!it || it.state === 'synced') {
        setId('');
        then();
      }
    });
    const off = outbox.onChange(check);
    check();
    return off;
  }, [id]);
  return setId;
}
