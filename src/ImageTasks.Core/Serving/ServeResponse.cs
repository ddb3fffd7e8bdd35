using ImageTasks.Core.References;

namespace ImageTasks.Core.Serving;

/// <summary>
/// The answer to a <see cref="ServeRequest"/>: a status, headers, and either small bytes (JSON, a manifest) or a
/// window of a stored blob, which the server streams from the store without holding it in memory.
/// </summary>
public sealed record ServeResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string ApiVersionHeader = "Docker-Distribution-API-Version";
    public const string ApiVersion = "registry/2.0";
    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>The body when it is small and already in memory.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>The body when it is a stored blob: which one, and the bytes of it to send.</summary>
    public (Digest Digest, ByteRange Range)? Blob { get; init; }

    /// <summary>The body's length, which HEAD reports too.</summary>
    public long ContentLength => Bytes?.LongLength ?? Blob?.Range.Length ?? 0;

    /// <summary>An error in distribution's JSON form.</summary>
    public static ServeResponse ForError(DistributionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Status, [new(ApiVersionHeader, ApiVersion), new("Content-Type", JsonType)]) { Bytes = error.ToJson() };
    }

}
