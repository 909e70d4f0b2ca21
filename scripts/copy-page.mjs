// tsc compiles only TypeScript: the live view's page (HTML, CSS and browser modules) is copied
// beside the compiled server, where src/live-view/assets.ts reads it from.
import { cpSync } from 'node:fs';

cpSync('src/live-view/page', 'dist/live-view/page', { recursive: true });
