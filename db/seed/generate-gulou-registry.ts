// Script: writes db/seed/gulou-registry.json from the deterministic builder (`npx tsx db/seed/generate-gulou-registry.ts`).
import { writeFileSync } from 'node:fs';
import { buildGulouRegistry } from './gulou-registry-builder.js';
import { GULOU_REGISTRY_URL, parseRegistrySeed } from './registry-data.js';

// Two-space JSON.stringify output is already what Biome's JSON formatter produces, so lint stays clean.
const seed = parseRegistrySeed(buildGulouRegistry());
writeFileSync(GULOU_REGISTRY_URL, `${JSON.stringify(seed, null, 2)}\n`);
console.log(`wrote ${GULOU_REGISTRY_URL.pathname}: ${seed.grids.length} grids, ${seed.groups.length} groups`);
