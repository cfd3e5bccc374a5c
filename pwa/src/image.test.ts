import { describe, expect, it } from 'vitest';
import { targetSize } from './image';

describe('targetSize', () => {
  it('fits a 12 MP camera photo within 1600 px', () => {
    expect(targetSize(4000, 3000)).toEqual({ w: 1600, h: 1200 });
    expect(targetSize(3000, 4000)).toEqual({ w: 1200, h: 1600 });
  });
  it('never enlarges', () => {
    expect(targetSize(800, 600)).toEqual({ w: 800, h: 600 });
  });
  it('keeps thin pictures at least a pixel wide', () => {
    expect(targetSize(20000, 3)).toEqual({ w: 1600, h: 1 });
  });
});
