import { testProjectConfig } from '@mcp-writing/testkit/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(testProjectConfig({ dir: import.meta.dirname }));
