using System.Text.Json;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// An index.json entry another tool wrote (skopeo, umoci, crane): kept byte for byte, whatever it holds, so writing the
/// index never loses or rewrites it. Its digest, when it names a valid one, keeps its blobs from being collected.
/// </summary>
internal sealed record ForeignEntry(string Json, Digest? Digest)
{
    public static ForeignEntry From(ReadOnlySpan<byte> json)
    {
        Digest? digest = null;
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDigest = reader.ValueTextEquals("digest"u8);
                reader.Read();
                if (isDigest && reader.TokenType == JsonTokenType.String && References.Digest.TryParse(reader.GetString(), out var parsed))
                {
                    digest = parsed;
                }

                reader.Skip();
            }
        }

        return new ForeignEntry(System.Text.Encoding.UTF8.GetString(json), digest);
    }
}
