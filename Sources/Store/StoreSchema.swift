/// The SQLite schema of a store, version ``version``.
enum StoreSchema {
    /// Stored in `PRAGMA user_version`; a store with another value is refused.
    static let version = 3
    /// `PRAGMA application_id` of kgrec stores ("KGRC").
    static let applicationID: Int32 = 0x4B47_5243

    static let statements: [String] = [
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        // Dictionaries: dense ids are the primary keys (0-based, gap-free).
        // Entity names are unique by construction (the interner hands out the ids), so
        // they carry no index: name -> id lookups go through the in-memory interner.
        """
        CREATE TABLE entities(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
            label TEXT, label_lang TEXT, label_rank INTEGER)
        """,
        "CREATE TABLE relations(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, inverse_id INTEGER)",
        // Literal attributes: (predicate, datatype, language) is factored out into attribute_keys;
        // each entity's attributes are one row, `count` records encoded as in AttributeBlob
        // (version 1 had one row per attribute, which made large ontology imports SQLite-bound).
        """
        CREATE TABLE attribute_keys(id INTEGER PRIMARY KEY, predicate TEXT NOT NULL, datatype TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT '', UNIQUE(predicate, datatype, lang))
        """,
        """
        CREATE TABLE entity_attributes(entity_id INTEGER PRIMARY KEY, count INTEGER NOT NULL, data BLOB NOT NULL)
        """,
        "CREATE TABLE users(id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE)",
        """
        CREATE TABLE user_attributes(user_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(user_id, name)) WITHOUT ROWID
        """,
        "CREATE TABLE items(id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, entity_id INTEGER)",
        """
        CREATE TABLE item_attributes(item_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(item_id, name)) WITHOUT ROWID
        """,
        """
        CREATE TABLE interactions(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, item_id INTEGER NOT NULL,
            value REAL, ts REAL, import_id INTEGER NOT NULL)
        """,
        // One interaction per (user, item, time); a missing time counts as one value.
        "CREATE UNIQUE INDEX interactions_key ON interactions(user_id, item_id, ifnull(ts, -1e308))",
        """
        CREATE TABLE imports(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, sources TEXT NOT NULL, options TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT NOT NULL, seconds REAL NOT NULL,
            rows_read INTEGER NOT NULL, rows_skipped INTEGER NOT NULL,
            added_entities INTEGER NOT NULL, added_relations INTEGER NOT NULL, added_triples INTEGER NOT NULL,
            added_attributes INTEGER NOT NULL, added_users INTEGER NOT NULL, added_items INTEGER NOT NULL,
            added_interactions INTEGER NOT NULL, graph_generation INTEGER NOT NULL)
        """,
    ] + upgradeFrom2

    /// Tables added in version 3 (the model registry and the feedback event log); also the
    /// in-place upgrade of a version-2 store, which had neither.
    static let upgradeFrom2: [String] = [
        // Model registry: files live under models/<id>/ (written first, then the row is inserted,
        // so a row always points at a complete directory). `kind`: "transe", "hybrid", "coldstart", …
        // `last_event_seq`: the feedback events the model has seen (for incremental training).
        """
        CREATE TABLE models(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, created_at TEXT NOT NULL,
            graph_generation INTEGER NOT NULL, last_event_seq INTEGER NOT NULL DEFAULT 0,
            config TEXT NOT NULL, metrics TEXT NOT NULL)
        """,
        // Feedback events: append-only, numbered by `seq` (monotonic, never reused), idempotent by
        // `event_id`. `user`/`item` are external ids (a user or item may be new to the store).
        """
        CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
            user TEXT NOT NULL, item TEXT NOT NULL, kind TEXT NOT NULL, value REAL, ts REAL NOT NULL,
            received_at TEXT NOT NULL)
        """,
    ]
}
