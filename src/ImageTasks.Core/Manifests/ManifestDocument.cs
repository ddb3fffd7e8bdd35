using System.Text.Json;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Manifests;

/// <summary>
/// A manifest or index exactly as the registry sent it. The digest is computed over these bytes, never over
/// re-serialised JSON, so it is the digest the registry, docker and skopeo agree on.
/// </summary>
public sealed class ManifestDocument
{
    /// <summary>Manifests are small documents; distribution itself refuses those above 4 MiB.</summary>
    public const int MaxSize = 4 * 1024 * 1024;

    private ManifestDocument(byte[] bytes, string mediaType, ImageManifest? manifest, ImageIndex? index)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Digest = Digest.Compute(bytes);
        Manifest = manifest;
        Index = index;
    }

    public byte[] Bytes { get; }

    public string MediaType { get; }

    public Digest Digest { get; }

    /// <summary>Set for an image manifest (Docker schema2 or OCI).</summary>
    public ImageManifest? Manifest { get; }

    /// <summary>Set for an index or manifest list.</summary>
    public ImageIndex? Index { get; }

    public bool IsIndex => Index is not null;

    /// <param name="bytes">the body as received</param>
    /// <param name="contentType">the response's Content-Type, if any</param>
    /// <param name="source">what the document is, for messages (e.g. the reference)</param>
    public static ManifestDocument Parse(byte[] bytes, string? contentType, string source)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, ManifestJsonContext.Default.ManifestProbe)
                ?? throw new ManifestException($"manifest for {source} is empty");
        }
        catch (JsonException e)
        {
            throw new ManifestException($"manifest for {source} is not valid JSON: {e.Message}", e);
        }

        var declared = string.IsNullOrEmpty(probe.MediaType) ? null : probe.MediaType;
        var served = IsSpecificType(contentType) ? contentType : null;

        if (probe.SchemaVersion == 1 || (declared ?? served) is { } legacy && MediaTypes.IsSchema1(legacy))
        {
            throw new ManifestException(
                $"manifest for {source} uses Docker image manifest schema 1, which is deprecated and not supported: push the image again with a current client");
        }

        if (declared is not null && served is not null && declared != served)
        {
            throw new ManifestException(
                $"manifest for {source} declares mediaType {declared} but the registry served it as {served}; refusing a manifest whose type is contradictory");
        }

        var mediaType = declared ?? served ?? (probe.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        try
        {
            if (MediaTypes.IsIndex(mediaType))
            {
                var index = JsonSerializer.Deserialize(bytes, ManifestJsonContext.Default.ImageIndex)!;
                if (index.Manifests is null)
                {
                    throw new ManifestException($"manifest for {source} is an index without a manifests list");
                }

                return new ManifestDocument(bytes, mediaType, null, index);
            }

            if (MediaTypes.IsImageManifest(mediaType))
            {
                var manifest = JsonSerializer.Deserialize(bytes, ManifestJsonContext.Default.ImageManifest)!;
                // JSON may omit or null what the type declares non-null: check before anything trusts it.
                if (manifest.Config is null || manifest.Config.Digest == default || manifest.Layers is null || manifest.Layers.Any(l => l is null || l.Digest == default))
                {
                    throw new ManifestException($"manifest for {source} has no config descriptor, no layers list, or a layer without a digest");
                }

                return new ManifestDocument(bytes, mediaType, manifest, null);
            }
        }
        catch (JsonException e)
        {
            throw new ManifestException($"manifest for {source} is malformed: {e.Message}", e);
        }

        throw new ManifestException($"manifest for {source} has unsupported media type {mediaType}");
    }

    /// <summary>Generic types say nothing about which manifest kind this is, so they cannot contradict mediaType.</summary>
    private static bool IsSpecificType(string? contentType) =>
        !string.IsNullOrEmpty(contentType) && contentType is not ("application/json" or "application/octet-stream" or "text/plain");
}
