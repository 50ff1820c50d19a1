using System.Collections;

namespace Nvr.Rtsp;

/// <summary>
/// The header fields of an RTSP message (RFC 2326 §4.2, RFC 7826 §5): an ordered list of
/// name/value pairs; names compare case-insensitively, a name may repeat (WWW-Authenticate).
/// </summary>
public sealed class RtspHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public int Count => _items.Count;

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var kv in _items)
            {
                if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
            }
            return null;
        }
    }

    /// <summary>Appends a field (keeps existing fields of the same name).</summary>
    public RtspHeaders Add(string name, string value)
    {
        _items.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>Replaces every field named <paramref name="name"/> with one field.</summary>
    public RtspHeaders Set(string name, string value)
    {
        int at = _items.FindIndex(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
        Remove(name);
        var item = new KeyValuePair<string, string>(name, value);
        if (at < 0 || at > _items.Count) _items.Add(item);
        else _items.Insert(at, item);
        return this;
    }

    /// <summary>Removes every field named <paramref name="name"/>; returns whether any was removed.</summary>
    public bool Remove(string name) => _items.RemoveAll(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    public bool Contains(string name) => this[name] is not null;

    /// <summary>All values of <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> GetValues(string name)
    {
        foreach (var kv in _items)
        {
            if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) yield return kv.Value;
        }
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
