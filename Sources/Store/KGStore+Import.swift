import Foundation
import GRDB
import KnowledgeGraph
import RDF

extension KGStore {
    /// Imports RDF files (RDF/XML, N-Triples or Turtle, auto-detected unless `format` is given) in one transaction.
    public func importOntology(files: [String], format: RDFFormat? = nil, options: ImportOptions = .init()) throws(StoreError) -> ImportReport {
        let clock = ContinuousClock(), start = clock.now
        let lock = try beginImport()
        defer { withExtendedLifetime(lock) {} }
        let id = try nextImportID()
        let policyText = "labels=\(options.labelPolicy.languages.joined(separator: ","))"
        var staged = StagedImport(kind: "ontology", sources: files, importID: id, optionsText: policyText,
                                  base: graph, skipBadRows: options.skipBadRows)
        for (k, file) in files.enumerated() {
            var sink = GraphTripleSink(builder: staged.builder, literals: staged.literals,
                                       policy: options.labelPolicy, blankPrefix: "_:i\(id).\(k).")
            staged.builder = KnowledgeGraphBuilder(base: KnowledgeGraph())  // release the copy; the sink owns it
            do {
                // Parsing on another thread, interning on this one (same result, in order).
                try sink.consumeConcurrently { producer in
                    try RDFReader.parse(fileAt: file, format: format, base: nil, into: &producer)
                }
            } catch let e as RDFParseError {
                throw .importFailed(.rdf(file: file, e))
            } catch {
                throw .importFailed(.io(path: file, message: "\(error)"))
            }
            staged.builder = sink.builder
            staged.literals = sink.literals
            staged.report.rowsRead += sink.statements
            options.progress?(ImportProgress(file: file, bytesDone: 1, bytesTotal: 1, rows: sink.statements))
        }
        return try apply(staged, start: start)
    }

    /// Imports a head/relation/tail TSV file.
    public func importTriples(file: String, format: TripleFileReader.Options, options: ImportOptions = .init()) throws(StoreError) -> ImportReport {
        let clock = ContinuousClock(), start = clock.now
        let lock = try beginImport()
        defer { withExtendedLifetime(lock) {} }
        var staged = StagedImport(kind: "triples", sources: [file], importID: try nextImportID(),
                                  optionsText: "header=\(format.hasHeader) namespace=\(format.namespace.prefix ?? "")",
                                  base: graph, skipBadRows: options.skipBadRows)
        do {
            let f = try DelimitedFile(path: file)
            staged.report.rowsRead = try TripleFileReader.read(f, options: format, into: &staged.builder,
                                                                diagnostics: &staged.diagnostics, progress: options.progress)
        } catch { throw .importFailed(error) }
        return try apply(staged, start: start)
    }

    /// Imports user–item interactions from a CSV/TSV file.
    public func importInteractions(file: String, format: InteractionTable.Options, options: ImportOptions = .init()) throws(StoreError) -> ImportReport {
        let clock = ContinuousClock(), start = clock.now
        let lock = try beginImport()
        defer { withExtendedLifetime(lock) {} }
        var text = "user=\(format.userColumn) item=\(format.itemColumn)"
        if let v = format.valueColumn { text += " value=\(v)" }
        if let t = format.timeColumn { text += " time=\(t)" }
        if let m = format.minValue { text += " min=\(m)" }
        var staged = StagedImport(kind: "interactions", sources: [file], importID: try nextImportID(), optionsText: text,
                                  base: graph, skipBadRows: options.skipBadRows)
        do {
            let f = try DelimitedFile(path: file)
            staged.interactions = try InteractionTable.read(f, options: format, diagnostics: &staged.diagnostics, progress: options.progress)
            staged.report.rowsRead = staged.interactions!.rowsRead
        } catch { throw .importFailed(error) }
        return try apply(staged, start: start)
    }

    /// Imports users with categorical attributes from a CSV/TSV file.
    public func importUsers(file: String, format: AttributeTable.Options, options: ImportOptions = .init()) throws(StoreError) -> ImportReport {
        let clock = ContinuousClock(), start = clock.now
        let lock = try beginImport()
        defer { withExtendedLifetime(lock) {} }
        var text = "id=\(format.idColumn)"
        if let a = format.attributes { text += " attributes=\(a.joined(separator: ","))" }
        for b in format.buckets { text += " bucket=\(b.column):\(b.edges.map { String($0) }.joined(separator: ","))" }
        var staged = StagedImport(kind: "users", sources: [file], importID: try nextImportID(), optionsText: text,
                                  base: graph, skipBadRows: options.skipBadRows)
        do {
            let f = try DelimitedFile(path: file)
            staged.users = try AttributeTable.read(f, options: format, diagnostics: &staged.diagnostics, progress: options.progress)
            staged.report.rowsRead = staged.users!.rowsRead
        } catch { throw .importFailed(error) }
        return try apply(staged, start: start)
    }

    /// Imports a RecBole atomic dataset directory (`.inter`, `.user`, `.item`, `.kg`, `.link`) as one transaction.
    public func importRecBole(directory: String, format: RecBoleDataset.Options, options: ImportOptions = .init()) throws(StoreError) -> ImportReport {
        let clock = ContinuousClock(), start = clock.now
        let lock = try beginImport()
        defer { withExtendedLifetime(lock) {} }
        let dataset: RecBoleDataset
        do { dataset = try RecBoleDataset(directory: directory) } catch { throw .importFailed(error) }
        var staged = StagedImport(kind: "recbole", sources: dataset.files, importID: try nextImportID(),
                                  optionsText: format.description, base: graph, skipBadRows: options.skipBadRows)
        do {
            try dataset.read(options: format, into: &staged.builder, users: &staged.users, items: &staged.items,
                             itemLabelColumn: &staged.itemLabelColumn, interactions: &staged.interactions,
                             links: &staged.links, rowsRead: &staged.report.rowsRead,
                             diagnostics: &staged.diagnostics, progress: options.progress)
        } catch { throw .importFailed(error) }
        return try apply(staged, start: start)
    }

    func nextImportID() throws(StoreError) -> Int {
        try read { db in (try Int.fetchOne(db, sql: "SELECT ifnull(max(id), 0) + 1 FROM imports")) ?? 1 }
    }

    // MARK: - Apply

    /// Writes the next graph generation (if the graph changed) and commits every change in one transaction.
    func apply(_ staged: StagedImport, start: ContinuousClock.Instant) throws(StoreError) -> ImportReport {
        var staged = staged
        var report = staged.report
        report.rowsSkipped = staged.diagnostics.skipped
        report.warnings = staged.diagnostics.warnings.map(\.description)
        report.belowMinimum = staged.interactions?.belowMinimum ?? 0
        report.inverseConflicts = staged.builder.inverseConflicts.map {
            "\($0.relation) is already inverse of \($0.existing); ignored owl:inverseOf \($0.declared)"
        }

        // Users and items: extend the dictionaries in memory.
        let needsUsers = staged.users != nil || staged.interactions != nil
        let needsItems = staged.items != nil || staged.interactions != nil || staged.links != nil
        var users = needsUsers ? try userDictionary() : Interner()
        let baseUserCount = users.count
        var items = Interner(), itemEntity = [Int32]()
        if needsItems { (items, itemEntity) = try itemDictionary() }
        let baseItemCount = items.count
        let baseItemEntity = itemEntity
        func item(_ name: String) -> Int32 {
            let id = items.intern(name)
            if Int(id) == itemEntity.count {
                itemEntity.append(staged.builder.entities.id(of: name) ?? -1)
            }
            return id
        }
        var userRows = [Int32](), itemRows = [Int32]()
        if let t = staged.users { userRows = t.ids.map { users.intern($0) } }
        if let t = staged.items { itemRows = t.ids.map { item($0) } }
        var interUsers = [Int32](), interItems = [Int32]()
        if let t = staged.interactions {
            interUsers.reserveCapacity(t.count); interItems.reserveCapacity(t.count)
            for k in 0..<t.count {
                interUsers.append(users.intern(t.users[k]))
                interItems.append(item(t.items[k]))
            }
        }
        if let l = staged.links {
            for k in 0..<l.count {
                let i = item(l.items[k])
                itemEntity[Int(i)] = staged.builder.entity(l.entities[k])
            }
        }

        // Graph: the merged CSR and the next generation's snapshot are built on another
        // thread while the database rows (which only need the dictionaries) are written.
        let base = graph
        let dictionaries = staged.builder
        let graphJob = staged.builder.hasChanges
            ? GraphGenerationJob(builder: staged.builder, base: base, generation: graphGeneration,
                                 path: snapshotPath(generation: graphGeneration + 1))
            : nil
        let unchanged = GraphGeneration(graph: base, generation: graphGeneration)
        report.addedEntities = dictionaries.entities.count - base.entities.count
        report.addedRelations = dictionaries.relations.count - base.relations.count
        report.addedUsers = users.count - baseUserCount
        report.addedItems = items.count - baseItemCount

        let finishedAt = Self.timestamp()
        var outcome = unchanged
        do {
            (report, outcome) = try db.write { db -> (ImportReport, GraphGeneration) in
                var report = report
                // A large page cache keeps a big import from spilling pages to the WAL mid-transaction.
                try db.execute(sql: "PRAGMA cache_size = -262144")
                // Dictionaries. New entities get their label in the same row.
                let newLabels = staged.literals
                if report.addedEntities > 0 {
                    let st = try BulkStatement(db, sql: "INSERT INTO entities(id, name, label, label_lang, label_rank) VALUES (?, ?, ?, ?, ?)")
                    let names = dictionaries.entities
                    try names.bytes.withUnsafeBytes { all in
                        var from = base.entities.count == 0 ? 0 : Int(names.ends[base.entities.count - 1])
                        for id in base.entities.count..<names.count {
                            let to = Int(names.ends[id])
                            st.bind(1, id)
                            st.bind(2, utf8: UnsafeRawBufferPointer(rebasing: all[from..<to]))
                            from = to
                            if let l = newLabels.label(of: Int32(id)) {
                                st.bind(3, l.text); st.bind(4, l.language); st.bind(5, l.rank)
                                report.labelsSet += 1
                            } else {
                                st.bind(3, nil as String?); st.bind(4, nil as String?); st.bind(5, nil as Double?)
                            }
                            try st.run()
                        }
                    }
                }
                if report.addedRelations > 0 {
                    let st = try db.makeStatement(sql: "INSERT INTO relations(id, name) VALUES (?, ?)")
                    for id in base.relations.count..<dictionaries.relations.count {
                        try st.execute(arguments: [id, dictionaries.relations.string(for: Int32(id))])
                    }
                }
                if dictionaries.inverse != base.inverse {
                    let st = try db.makeStatement(sql: "UPDATE relations SET inverse_id = ? WHERE id = ?")
                    for (r, inv) in dictionaries.inverse.enumerated() where r >= base.inverse.count || base.inverse[r] != inv {
                        try st.execute(arguments: [inv >= 0 ? Int(inv) : nil, r])
                    }
                }
                // Labels of entities that existed before: only a better-ranked label replaces one.
                let oldEntityCount = Int32(base.entities.count)
                if newLabels.labelList.contains(where: { $0.entity < oldEntityCount }) {
                    let st = try BulkStatement(db, sql: """
                        UPDATE entities SET label = ?, label_lang = ?, label_rank = ?
                        WHERE id = ? AND (label_rank IS NULL OR label_rank > ?)
                        """)
                    for (e, l) in newLabels.labelList.sorted(by: { $0.entity < $1.entity }) where e < oldEntityCount {
                        st.bind(1, l.text); st.bind(2, l.language); st.bind(3, l.rank); st.bind(4, e); st.bind(5, l.rank)
                        report.labelsSet += try st.run()
                    }
                }
                // Literal attributes, with (predicate, datatype, language) interned into attribute_keys.
                report.addedAttributes += try writeAttributes(staged.literals, entityCount: dictionaries.entities.count,
                                                              oldEntityCount: base.entities.count, db: db)
                // Users.
                if users.count > baseUserCount {
                    let st = try BulkStatement(db, sql: "INSERT INTO users(id, external_id) VALUES (?, ?)")
                    for id in baseUserCount..<users.count { st.bind(1, id); st.bind(2, users.string(for: Int32(id))); try st.run() }
                }
                if let t = staged.users {
                    let st = try BulkStatement(db, sql: "INSERT OR REPLACE INTO user_attributes(user_id, name, value) VALUES (?, ?, ?)")
                    for (row, u) in userRows.enumerated() {
                        for (k, name) in t.names.enumerated() {
                            guard let v = t.values[row * t.names.count + k] else { continue }
                            st.bind(1, u); st.bind(2, name); st.bind(3, v)
                            try st.run()
                            report.addedAttributes += 1
                        }
                    }
                }
                // Items and links.
                if items.count > baseItemCount {
                    let st = try BulkStatement(db, sql: "INSERT INTO items(id, external_id, entity_id) VALUES (?, ?, ?)")
                    for id in baseItemCount..<items.count {
                        let e = itemEntity[id]
                        st.bind(1, id); st.bind(2, items.string(for: Int32(id)))
                        if e >= 0 { st.bind(3, e) } else { st.bind(3, nil as Double?) }
                        try st.run()
                    }
                }
                if staged.links != nil {
                    let st = try db.makeStatement(sql: "UPDATE items SET entity_id = ? WHERE id = ?")
                    for id in 0..<baseItemCount where itemEntity[id] != baseItemEntity[id] {
                        try st.execute(arguments: [Int(itemEntity[id]), id])
                    }
                }
                report.linkedItems = itemEntity.enumerated().filter { $0.element >= 0 && ($0.offset >= baseItemCount || baseItemEntity[$0.offset] != $0.element) }.count
                if let t = staged.items {
                    let st = try BulkStatement(db, sql: "INSERT OR REPLACE INTO item_attributes(item_id, name, value) VALUES (?, ?, ?)")
                    let labelIndex = staged.itemLabelColumn.flatMap { t.names.firstIndex(of: $0) }
                    let lst = try BulkStatement(db, sql: """
                        UPDATE entities SET label = ?, label_lang = NULL, label_rank = ?
                        WHERE id = ? AND (label_rank IS NULL OR label_rank > ?)
                        """)
                    for (row, i) in itemRows.enumerated() {
                        for (k, name) in t.names.enumerated() {
                            guard let v = t.values[row * t.names.count + k] else { continue }
                            st.bind(1, i); st.bind(2, name); st.bind(3, v)
                            try st.run()
                            report.addedAttributes += 1
                        }
                        if let li = labelIndex, let title = t.values[row * t.names.count + li], itemEntity[Int(i)] >= 0 {
                            lst.bind(1, title); lst.bind(2, itemTitleLabelRank); lst.bind(3, itemEntity[Int(i)]); lst.bind(4, itemTitleLabelRank)
                            report.labelsSet += try lst.run()
                        }
                    }
                }
                // Interactions.
                if let t = staged.interactions {
                    let st = try BulkStatement(db, sql: """
                        INSERT OR IGNORE INTO interactions(user_id, item_id, value, ts, import_id) VALUES (?, ?, ?, ?, ?)
                        """)
                    for k in 0..<t.count {
                        st.bind(1, interUsers[k]); st.bind(2, interItems[k]); st.bind(3, t.values[k]); st.bind(4, t.timestamps[k])
                        st.bind(5, report.importID)
                        report.addedInteractions += try st.run()
                    }
                }
                // The graph job's outcome; a failure there rolls everything back.
                let outcome = try graphJob?.wait().get() ?? unchanged
                let newGraph = outcome.graph, newGeneration = outcome.generation
                report.addedTriples = newGraph.tripleCount - base.tripleCount
                report.addedInversePairs = newGraph.inversePairCount - base.inversePairCount
                report.graphGeneration = newGeneration
                // History and the graph generation, in the same transaction.
                report.seconds = Self.seconds(ContinuousClock().now - start)
                try db.execute(sql: """
                    INSERT INTO imports(id, kind, sources, options, started_at, finished_at, seconds, rows_read, rows_skipped,
                        added_entities, added_relations, added_triples, added_attributes, added_users, added_items,
                        added_interactions, graph_generation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        report.importID, report.kind, report.sources.joined(separator: "\n"), staged.optionsText,
                        staged.startedAt, finishedAt, report.seconds, report.rowsRead, report.rowsSkipped,
                        report.addedEntities, report.addedRelations, report.addedTriples, report.addedAttributes,
                        report.addedUsers, report.addedItems, report.addedInteractions, newGeneration,
                    ])
                if let sum = outcome.checksum {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO meta(key, value) VALUES ('graph_generation', ?), ('graph_checksum', ?), ('graph_triples', ?)
                        """, arguments: [String(newGeneration), String(sum, radix: 16), String(newGraph.tripleCount)])
                }
                return (report, outcome)
            }
        } catch {
            // Nothing was committed: drop the snapshot the graph job may have written.
            if case .success(let g)? = graphJob?.wait(), let p = g.path { AtomicFile.remove(p) }
            if let e = error as? StoreError { throw e }
            throw .database(path: databasePath, message: "\(error)")
        }
        staged.builder = KnowledgeGraphBuilder(base: KnowledgeGraph())
        adopt(graph: outcome.graph, generation: outcome.generation)
        report.seconds = Self.seconds(ContinuousClock().now - start)
        return report
    }

    /// Merges `literals`' attributes into `entity_attributes` (one blob row per entity, see
    /// ``AttributeBlob``); returns how many were not stored before.
    ///
    /// Attributes are grouped by entity with a counting sort, so the rows go in in
    /// key order; only entities that existed before the import have a stored row to merge.
    private func writeAttributes(_ literals: EntityLiterals, entityCount: Int, oldEntityCount: Int, db: Database) throws -> Int {
        let n = literals.attributeCount
        guard n > 0 else { return 0 }
        var keys = [AttributeKey: Int]()
        for row in try Row.fetchAll(db, sql: "SELECT id, predicate, datatype, lang FROM attribute_keys") {
            keys[AttributeKey(predicate: row[1], datatype: row[2], language: row[3])] = row[0]
        }
        var nextKey = (keys.values.max() ?? 0) + 1
        let newKey = try BulkStatement(db, sql: "INSERT INTO attribute_keys(id, predicate, datatype, lang) VALUES (?, ?, ?, ?)")
        let keyIDs = try literals.attributeKeys.map { k -> Int in
            if let id = keys[k] { return id }
            let id = nextKey
            nextKey += 1
            keys[k] = id
            newKey.bind(1, id); newKey.bind(2, k.predicate); newKey.bind(3, k.datatype); newKey.bind(4, k.language)
            try newKey.run()
            return id
        }
        // Counting sort of the statements by entity (stable: input order within an entity).
        var start = [Int32](repeating: 0, count: entityCount + 1)
        for e in literals.attributeEntities { start[Int(e) + 1] += 1 }
        for e in 0..<entityCount { start[e + 1] += start[e] }
        var order = [Int32](repeating: 0, count: n)
        var fill = start
        for (k, e) in literals.attributeEntities.enumerated() {
            order[Int(fill[Int(e)])] = Int32(k)
            fill[Int(e)] += 1
        }
        fill = []
        let existing = try db.makeStatement(sql: "SELECT data FROM entity_attributes WHERE entity_id = ?")
        let st = try BulkStatement(db, sql: "INSERT OR REPLACE INTO entity_attributes(entity_id, count, data) VALUES (?, ?, ?)")
        var records = [(key: Int, value: String)]()
        var blob = [UInt8]()
        var added = 0
        for e in 0..<entityCount where start[e] < start[e + 1] {
            records.removeAll(keepingCapacity: true)
            var before = 0
            if e < oldEntityCount, let stored = try Data.fetchOne(existing, arguments: [e]).map({ [UInt8]($0) }) {
                do { records = try AttributeBlob.decode(stored) } catch {
                    throw StoreError.inconsistent(path: databasePath, reason: "attributes of entity \(e) are not a valid record list")
                }
                before = records.count
            }
            for k in start[e]..<start[e + 1] {
                let a = Int(order[Int(k)])
                records.append((keyIDs[Int(literals.attributeKeyIndexes[a])], literals.attributeValues[a]))
            }
            AttributeBlob.normalize(&records)
            if records.count == before { continue }
            added += records.count - before
            blob.removeAll(keepingCapacity: true)
            for r in records { AttributeBlob.append(key: r.key, value: r.value, to: &blob) }
            st.bind(1, e)
            st.bind(2, records.count)
            try blob.withUnsafeBytes { b in
                st.bind(3, blob: b)
                try st.run()
            }
        }
        return added
    }
}
