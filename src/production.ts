/**
 * The served process runs its libraries in production mode unless NODE_ENV says otherwise. The
 * composition root (src/main.ts) imports this module first, before any library is loaded:
 * graphql-js reads NODE_ENV once, when it is loaded, and outside production its type checks
 * (`instanceOf`) look for a second copy of graphql-js on every failed test, which was 1.8 % of the
 * busy time in the peer benchmark's profile of the dashboard list (issue 12). Tests and tools
 * that import the app directly keep development mode, and those checks.
 */
process.env.NODE_ENV ??= 'production';
