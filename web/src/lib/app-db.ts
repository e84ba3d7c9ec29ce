// The page's IndexedDB database: its schema versions (the migration hook for object stores) and its typed stores.
// Opened lazily on first use, so first paint never waits for it.
import { openDatabase, VersionedStore, type SchemaUpgrade } from './idb-store';
import { SEARCH_RECORD_FORMAT, SEARCH_RECORD_MIGRATIONS, SEARCH_RECORD_VERSION, validateSearchRecord, type SearchRecord, type StoredSearchRecord } from './search-record';
import { IMPORT_RECORD_FORMAT, IMPORT_RECORD_VERSION, validateImportRecord, type ImportRecord } from './import-files';

export const DB_NAME = 'fast-explorer';
/** Schema version 1: object stores "search" (the current search) and "imports" (imported workloads by name). */
export const DB_VERSION = 1;

/** Schema history: each step creates or changes object stores (add a step and bump DB_VERSION to migrate). */
export const SCHEMA: readonly SchemaUpgrade[] = [
  {
    toVersion: 1,
    apply(db) {
      if (!db.objectStoreNames.contains('search')) db.createObjectStore('search');
      if (!db.objectStoreNames.contains('imports')) db.createObjectStore('imports');
    },
  },
];

const dbs = new Map<string, Promise<IDBDatabase>>();

/**
 * The database (DB_NAME, or another of the same schema: tests), opened once per realm — the page, or the study worker
 * that writes a running search's checkpoints — and a failed open is retried on the next call.
 */
export function appDatabase(name = DB_NAME): Promise<IDBDatabase> {
  let db = dbs.get(name);
  if (!db) {
    db = openDatabase(name, DB_VERSION, SCHEMA).catch((e) => { dbs.delete(name); throw e; });
    dbs.set(name, db);
  }
  return db;
}

/** The current search's store (in DB_NAME, or in the database `name`). */
export function searchStore(name = DB_NAME): VersionedStore<SearchRecord, StoredSearchRecord> {
  return new VersionedStore(() => appDatabase(name), {
    store: 'search', format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, migrations: SEARCH_RECORD_MIGRATIONS, validate: validateSearchRecord,
  });
}

export function importStore(): VersionedStore<ImportRecord> {
  return new VersionedStore(() => appDatabase(), {
    store: 'imports', format: IMPORT_RECORD_FORMAT, version: IMPORT_RECORD_VERSION, validate: validateImportRecord,
  });
}
