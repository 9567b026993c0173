// The indexer tests' Store is the shared in-memory fake.
export { MemoryStore } from '../fakes/memory-store.js';
