// Shared with the other servers' tests: one copy, in testkit.
export * from '@mcp-writing/testkit/fixtures/story-class';
