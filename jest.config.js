// Jest runs in CommonJS mode; @nestjs/* 12 ships ESM only, so @swc/jest transforms those
// .js files too (ts-jest cannot: they use import.meta.url).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Fastify's plugins behind Nest's adapter (@fastify/middie, @fastify/static for /docs) require
  // ESM-only packages (path-to-regexp 9, content-disposition 2) from CommonJS: Node does that
  // through require(esm), Jest's CommonJS runtime does not, so those get transformed too. Same for
  // cockatiel 4, which ships ESM only.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@scarf|@fastify/middie|@fastify/static|path-to-regexp|content-disposition|cockatiel)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@bulwark/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // Subpath entry points (package.json `exports`), e.g. @bulwark/messaging/kafka.
    '^@bulwark/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
};
