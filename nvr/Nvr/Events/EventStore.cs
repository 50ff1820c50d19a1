using LiteDB;
using Nvr.Recording.Index;

namespace Nvr.Events;

/// <summary>
/// The <c>events</c> collection of the index (camera, kind, start, end, data), mapped with explicit
/// <see cref="BsonDocument"/> code. Times are UTC. Thread-safe (LiteDB serialises writers).
/// </summary>
public sealed class EventStore
{
    public const string Collection = "events";
    private readonly ILiteCollection<BsonDocument> _events;

    public EventStore(IndexDatabase index)
    {
        _events = index.Db.GetCollection(Collection);
        _events.EnsureIndex("start");
        _events.EnsureIndex("camera");
    }

    public void Upsert(StoredEvent e) => _events.Upsert(ToDocument(e));

    /// <summary>Sets the end of an event; false if there is no such event.</summary>
    public bool End(string id, DateTime end)
    {
        var doc = _events.FindById(id);
        if (doc is null) return false;
        doc["end"] = end.ToUniversalTime();
        return _events.Update(doc);
    }

    public StoredEvent? Get(string id) => _events.FindById(id) is { } d ? FromDocument(d) : null;

    /// <summary>Events overlapping [from, to] (open events count as ongoing), newest first.</summary>
    public IReadOnlyList<StoredEvent> Query(string? camera, DateTime from, DateTime to, int limit)
    {
        var query = LiteDB.Query.And(LiteDB.Query.LTE("start", to.ToUniversalTime()),
            LiteDB.Query.Or(LiteDB.Query.EQ("end", BsonValue.Null), LiteDB.Query.GTE("end", from.ToUniversalTime())));
        if (camera is not null) query = LiteDB.Query.And(query, LiteDB.Query.EQ("camera", camera));
        return _events.Find(query).Select(FromDocument).OrderByDescending(e => e.Start).Take(limit).ToList();
    }

    internal static BsonDocument ToDocument(StoredEvent e)
    {
        var data = new BsonDocument();
        foreach (var (k, v) in e.Data) data[k] = v;
        return new BsonDocument
        {
            ["_id"] = e.Id,
            ["camera"] = e.Camera is null ? BsonValue.Null : e.Camera,
            ["kind"] = e.Kind,
            ["start"] = e.Start.ToUniversalTime(),
            ["end"] = e.End is { } end ? end.ToUniversalTime() : BsonValue.Null,
            ["data"] = data,
        };
    }

    internal static StoredEvent FromDocument(BsonDocument d)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (d["data"].IsDocument)
        {
            foreach (var (k, v) in d["data"].AsDocument) data[k] = v.IsString ? v.AsString : v.ToString();
        }
        return new StoredEvent(
            d["_id"].AsString,
            d["camera"].IsNull ? null : d["camera"].AsString,
            d["kind"].AsString,
            d["start"].AsDateTime.ToUniversalTime(),
            d["end"].IsNull ? null : d["end"].AsDateTime.ToUniversalTime(),
            data);
    }
}
