using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageTasks.Core.References;

/// <summary>
/// Digests in JSON documents (descriptors, index.json) are read straight into <see cref="Digest"/>: a document naming a
/// malformed digest is a malformed document, refused where it is parsed rather than deep inside whoever uses it.
/// </summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a digest must be a JSON string");
        }

        var text = reader.GetString()!;
        return Digest.TryCreate(text, out var digest) == DigestViolation.None
            ? digest
            : throw new JsonException($"invalid digest \"{(text.Length > 80 ? text[..80] + "..." : text)}\"");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
