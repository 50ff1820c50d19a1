using System.Text;
using System.Text.Json;

namespace Nvr.Configuration;

/// <summary>
/// Adds a camera to the configuration file without disturbing the rest of it: the new entry is
/// inserted as text after the last element of the top-level <c>Cameras</c> array (found with a
/// comment-tolerant <see cref="Utf8JsonReader"/>), so comments, order and formatting survive.
/// The file is replaced atomically: write <c>&lt;file&gt;.tmp-&lt;pid&gt;</c> with the original's
/// mode, fsync, load and validate it with <see cref="ConfigLoader"/>, rename over the original,
/// fsync the directory. A crash leaves the old or the new file, never a torn one.
/// </summary>
public static class ConfigFileWriter
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Appends <paramref name="camera"/> and returns the configuration as loaded from the new file.</summary>
    /// <exception cref="ConfigException">The new file would not be valid (nothing is changed).</exception>
    /// <exception cref="IOException">Reading, writing or renaming failed (nothing is changed).</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not writable.</exception>
    public static NvrOptions AddCamera(string path, CameraOptions camera)
    {
        var full = Path.GetFullPath(path);
        var original = File.ReadAllBytes(full);
        var updated = InsertCamera(original, camera);
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(full));
                stream.Write(updated);
                stream.Flush(flushToDisk: true);
            }
            var loaded = ConfigLoader.Load(temp);
            File.Move(temp, full, overwrite: true);
            Nvr.Recording.Files.DirectorySync.Fsync(Path.GetDirectoryName(full)!);
            return loaded;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The file's bytes with <paramref name="camera"/> appended to <c>Cameras</c> (created when missing).</summary>
    /// <exception cref="ConfigException">The file is not a JSON object or <c>Cameras</c> is not an array.</exception>
    internal static byte[] InsertCamera(byte[] file, CameraOptions camera)
    {
        int bom = file.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var reader = new Utf8JsonReader(file.AsSpan(bom), ReaderOptions);
        int insertAt;
        string text;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ConfigException("(file)", "the configuration is not a JSON object");
            int afterRootStart = (int)reader.BytesConsumed;
            bool rootHasProperties = false;
            int? found = null;
            bool hasElements = false;
            while (found is null && reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                rootHasProperties = true;
                bool isCameras = string.Equals(reader.GetString(), "Cameras", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (!isCameras)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray) throw new ConfigException("Cameras", "is not a JSON array; add the camera by hand");
                int end = (int)reader.BytesConsumed;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    end = (int)reader.BytesConsumed;
                    hasElements = true;
                }
                found = end;
            }
            if (found is { } at)
            {
                insertAt = at;
                text = (hasElements ? "," : "") + "\n" + Indent(Serialize(camera), "    ") + (hasElements ? "" : "\n  ");
            }
            else
            {
                insertAt = afterRootStart;
                text = "\n  \"Cameras\": [\n" + Indent(Serialize(camera), "    ") + "\n  ]" + (rootHasProperties ? "," : "\n");
            }
        }
        catch (JsonException e)
        {
            throw new ConfigException("(file)", "malformed JSON: " + e.Message);
        }
        var insert = Encoding.UTF8.GetBytes(text);
        return [.. file.AsSpan(0, bom + insertAt), .. insert, .. file.AsSpan(bom + insertAt)];
    }

    private static string Serialize(CameraOptions c)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("Id", c.Id);
            if (c.Name is not null) w.WriteString("Name", c.Name);
            if (c.Onvif is not null) w.WriteString("Onvif", c.Onvif);
            w.WriteString("Url", c.Url);
            if (c.SubUrl is not null) w.WriteString("SubUrl", c.SubUrl);
            if (c.SnapshotUrl is not null) w.WriteString("SnapshotUrl", c.SnapshotUrl);
            if (c.Username is not null) w.WriteString("Username", c.Username);
            if (c.Password is not null) w.WriteString("Password", c.Password);
            if (c.Transport != "auto") w.WriteString("Transport", c.Transport);
            if (!c.Record) w.WriteBoolean("Record", false);
            if (!c.Enabled) w.WriteBoolean("Enabled", false);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Indent(string json, string indent) =>
        string.Join('\n', json.ReplaceLineEndings("\n").Split('\n').Select(l => indent + l));
}
