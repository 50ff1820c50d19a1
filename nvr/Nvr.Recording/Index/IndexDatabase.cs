using LiteDB;

namespace Nvr.Recording.Index;

/// <summary>
/// The LiteDB index at <c>&lt;DataDir&gt;/nvr.db</c>. Entities are mapped with explicit
/// <see cref="BsonDocument"/> code: LiteDB's reflection mapper silently loses data under Native AOT.
/// </summary>
/// <remarks>
/// The index is a cache of the recording files (see nvr/design/storage.md): a database that cannot
/// be opened is moved aside as <c>nvr.db.corrupt-&lt;UTC&gt;</c> and a new one is created, to be
/// refilled from the files. Schema changes are numbered migrations applied in order at open.
/// </remarks>
public sealed class IndexDatabase : IDisposable
{
    /// <summary>The schema this build writes. Bump it and append to <see cref="Migrations"/>.</summary>
    public const int SchemaVersion = 2;

    internal const string MetaCollection = "meta";
    internal const string SegmentsCollection = "segments";
    internal const string FragmentsCollection = "fragments";
    internal const string GapsCollection = "gaps";

    private static readonly Action<LiteDatabase>[] Migrations =
    [
        // 0 → 1: meta only; later issues add collections (events, users) and indexes.
        db => db.GetCollection(MetaCollection),
        // 1 → 2: recordings (nvr/design/storage.md, "Index"). sk = camera/stream/start ticks orders a stream's rows.
        db =>
        {
            var segments = db.GetCollection(SegmentsCollection);
            segments.EnsureIndex("sk", "$.sk");
            segments.EnsureIndex("start", "$.start");
            segments.EnsureIndex("camera", "$.camera");
            segments.EnsureIndex("state", "$.state");
            db.GetCollection(FragmentsCollection);
            var gaps = db.GetCollection(GapsCollection);
            gaps.EnsureIndex("sk", "$.sk");
            gaps.EnsureIndex("start", "$.start");
        },
    ];

    private readonly LiteDatabase _db;

    private IndexDatabase(LiteDatabase db, string path, string? setAsidePath)
    {
        _db = db;
        Path = path;
        SetAsidePath = setAsidePath;
    }

    public string Path { get; }

    /// <summary>Where an unreadable database was moved at open, if that happened.</summary>
    public string? SetAsidePath { get; }

    public LiteDatabase Db => _db;

    /// <summary>The schema version found in the file after migrations.</summary>
    public int Version => ReadVersion(_db);

    public static IndexDatabase Open(string path, TimeProvider time)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        string? setAside = null;
        LiteDatabase db;
        try
        {
            db = OpenAndMigrate(path);
        }
        catch (Exception e) when (e is LiteException or InvalidOperationException or InvalidCastException or IOException or ArgumentException)
        {
            setAside = $"{path}.corrupt-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            File.Move(path, setAside, overwrite: true);
            var log = path[..^3] + "-log.db";
            if (File.Exists(log)) File.Move(log, setAside + "-log", overwrite: true);
            db = OpenAndMigrate(path);
        }
        return new IndexDatabase(db, path, setAside);
    }

    private static LiteDatabase OpenAndMigrate(string path)
    {
        var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        try
        {
            int version = ReadVersion(db);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"database schema {version} is newer than this build ({SchemaVersion})");
            }
            for (; version < SchemaVersion; version++)
            {
                db.BeginTrans();
                Migrations[version](db);
                db.GetCollection(MetaCollection).Upsert(new BsonDocument { ["_id"] = "schema", ["version"] = version + 1 });
                db.Commit();
            }
            db.Checkpoint();
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static int ReadVersion(LiteDatabase db)
    {
        var doc = db.GetCollection(MetaCollection).FindById("schema");
        return doc is null ? 0 : doc["version"].AsInt32;
    }

    /// <summary>
    /// Counts this start in the index and reads it back through a query (exercises LiteDB's
    /// expression engine, which runs interpreted under Native AOT). Returns the boot count.
    /// </summary>
    public long RecordBoot(DateTime utcNow)
    {
        var meta = _db.GetCollection(MetaCollection);
        var current = meta.FindOne(Query.EQ("_id", "boot"));
        long count = current is null ? 1 : current["count"].AsInt64 + 1;
        meta.Upsert(new BsonDocument { ["_id"] = "boot", ["count"] = count, ["last"] = utcNow });
        var check = meta.FindOne(Query.EQ("_id", "boot"));
        if (check is null || check["count"].AsInt64 != count)
        {
            throw new InvalidOperationException("index round trip failed: boot counter not read back");
        }
        return count;
    }

    public void Dispose() => _db.Dispose();
}
