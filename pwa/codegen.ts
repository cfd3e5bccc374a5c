import type { CodegenConfig } from '@graphql-codegen/cli';

// TypeScript types for the app's GraphQL operations, generated from the server's own schema
// files. Operations are written in the sources as /* GraphQL */ `…` strings with a name;
// `npm run codegen` writes src/gql.ts, and the test command fails if it is stale.
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql.ts'],
  generates: {
    'src/gql.ts': {
      plugins: ['typescript-operations'],
      config: {
        scalars: { Date: 'string', Time: 'string', ID: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: true,
        onlyOperationTypes: true,
        useTypeImports: true,
      },
    },
  },
  silent: true,
};
export default config;
