using LiteDB;
using Nvr.Recording.Index;

namespace Nvr.Recording.Tests.Index;

public sealed class IndexDatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nvr-index-").FullName;
    private string DbPath => Path.Combine(_dir, "nvr.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void New_database_is_migrated_to_the_current_schema()
    {
        using var db = IndexDatabase.Open(DbPath, TimeProvider.System);
        Assert.Equal(IndexDatabase.SchemaVersion, db.Version);
        Assert.Null(db.SetAsidePath);
    }

    [Fact]
    public void Boot_counter_survives_reopening()
    {
        var t = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        using (var db = IndexDatabase.Open(DbPath, TimeProvider.System))
        {
            Assert.Equal(1, db.RecordBoot(t));
        }
        using (var db = IndexDatabase.Open(DbPath, TimeProvider.System))
        {
            Assert.Equal(2, db.RecordBoot(t.AddHours(1)));
            var row = db.Db.GetCollection("meta").FindById("boot");
            Assert.Equal(t.AddHours(1), row["last"].AsDateTime.ToUniversalTime());
        }
    }

    [Fact]
    public void Unreadable_database_is_set_aside_and_recreated()
    {
        File.WriteAllBytes(DbPath, Enumerable.Repeat((byte)0xA5, 16384).ToArray());
        using var db = IndexDatabase.Open(DbPath, TimeProvider.System);
        Assert.NotNull(db.SetAsidePath);
        Assert.True(File.Exists(db.SetAsidePath));
        Assert.Equal(IndexDatabase.SchemaVersion, db.Version);
        Assert.Equal(1, db.RecordBoot(DateTime.UnixEpoch));
    }

    [Fact]
    public void Database_from_a_newer_build_is_not_downgraded_in_place()
    {
        using (var raw = new LiteDatabase(new ConnectionString { Filename = DbPath, Connection = ConnectionType.Direct }))
        {
            raw.GetCollection("meta").Upsert(new BsonDocument { ["_id"] = "schema", ["version"] = IndexDatabase.SchemaVersion + 5 });
        }
        using var db = IndexDatabase.Open(DbPath, TimeProvider.System);
        // The newer file is kept aside intact (the index is a cache; files rebuild it).
        Assert.NotNull(db.SetAsidePath);
        using var aside = new LiteDatabase(new ConnectionString { Filename = db.SetAsidePath, Connection = ConnectionType.Direct, ReadOnly = true });
        Assert.Equal(IndexDatabase.SchemaVersion + 5, aside.GetCollection("meta").FindById("schema")["version"].AsInt32);
    }

    [Fact]
    public void Version_1_database_is_migrated_to_recordings_collections_with_indexes_and_keeps_its_rows()
    {
        using (var raw = new LiteDatabase(new ConnectionString { Filename = DbPath, Connection = ConnectionType.Direct }))
        {
            var meta = raw.GetCollection("meta");
            meta.Upsert(new BsonDocument { ["_id"] = "schema", ["version"] = 1 });
            meta.Upsert(new BsonDocument { ["_id"] = "boot", ["count"] = 41L, ["last"] = DateTime.UnixEpoch });
        }
        using var db = IndexDatabase.Open(DbPath, TimeProvider.System);
        Assert.Equal(2, db.Version);
        Assert.Null(db.SetAsidePath);
        Assert.Equal(42, db.RecordBoot(DateTime.UnixEpoch));
        var indexes = db.Db.GetCollection("$indexes").FindAll().Select(d => $"{d["collection"].AsString}.{d["name"].AsString}").ToHashSet();
        Assert.Superset(new HashSet<string> { "segments.sk", "segments.start", "segments.camera", "segments.state", "gaps.sk", "gaps.start" }, indexes);
    }
}
