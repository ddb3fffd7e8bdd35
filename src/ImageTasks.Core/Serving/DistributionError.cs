using System.Text.Json;

namespace ImageTasks.Core.Serving;

/// <summary>
/// An error as the distribution API words it: an HTTP status and a body <c>{"errors":[{"code","message","detail"}]}</c>
/// whose codes clients know (docker prints "manifest unknown", skopeo maps MANIFEST_UNKNOWN to "not found").
/// </summary>
public sealed record DistributionError(int Status, string Code, string Message, string? Detail = null)
{
    public static DistributionError NameUnknown(string name) => new(404, "NAME_UNKNOWN", "repository name not known to registry", name);

    public static DistributionError NameInvalid(string name) => new(400, "NAME_INVALID", "invalid repository name", name);

    public static DistributionError ManifestUnknown(string reference) => new(404, "MANIFEST_UNKNOWN", "manifest unknown", reference);

    public static DistributionError BlobUnknown(string digest) => new(404, "BLOB_UNKNOWN", "blob unknown to registry", digest);

    public static DistributionError DigestInvalid(string digest) => new(400, "DIGEST_INVALID", "provided digest did not match uploaded content", digest);

    public static DistributionError TagInvalid(string tag) => new(400, "TAG_INVALID", "manifest tag did not match URI", tag);

    public static DistributionError PaginationNumberInvalid(string n) => new(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", n);

    /// <summary>Every write (push, delete, upload) and every method the API does not have: the served store is read-only.</summary>
    public static DistributionError Unsupported(string method) =>
        new(405, "UNSUPPORTED", "The operation is unsupported.", $"{method} is refused: the image store is served read-only");

    public static DistributionError NotFound(string path) => new(404, "NOT_FOUND", "no such endpoint in the distribution API", path);

    /// <summary>Stored content that cannot be served as it is (a damaged blob): never sent, reported instead.</summary>
    public static DistributionError Unknown(string detail) => new(500, "UNKNOWN", "unknown error", detail);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("code", Code);
            writer.WriteString("message", Message);
            if (Detail is not null)
            {
                writer.WriteString("detail", Detail);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
