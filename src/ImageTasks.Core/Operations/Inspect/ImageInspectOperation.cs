using ImageTasks.Core.Images;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Inspect;

/// <param name="Image">the image as the store groups it (its ID, tags, digests, size)</param>
/// <param name="Config">its config: the exact bytes (docker shows Config as stored) and the parsed document</param>
public sealed record InspectedImage(StoredImage Image, ConfigDocument Config);

/// <param name="Found">the images found, in the order they were asked for</param>
/// <param name="Missing">the names that name no image</param>
/// <param name="Refused">names found, but not for the platform asked for: the error docker gives for each</param>
public sealed record ImageInspection(IReadOnlyList<InspectedImage> Found, IReadOnlyList<string> Missing, IReadOnlyList<ImageTasksException> Refused);

/// <summary>
/// inspect: each name (reference, ID or ID prefix, repo@digest) looked up as docker does, and the image's config read
/// from the store through the same source every operation uses (its digest checked).
/// </summary>
public sealed class ImageInspectOperation
{
    private readonly ImageStore _store;

    public ImageInspectOperation(ImageStore store) => _store = store;

    /// <param name="platform">docker's --platform: which platform of each named image (null: the one the name finds)</param>
    public async Task<ImageInspection> ExecuteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken, Platforms.Platform? platform = null)
    {
        var images = StoredImage.Group(_store.ListImages());
        var found = new List<InspectedImage>();
        var missing = new List<string>();
        var refused = new List<ImageTasksException>();
        foreach (var name in names)
        {
            StoredImage? image;
            try
            {
                image = platform is null ? ImageLookup.Find(images, name, out _) : ImageLookup.Find(images, name, platform, out _);
            }
            catch (Manifests.ManifestException e)
            {
                refused.Add(e);
                continue;
            }

            if (image is not null)
            {
                found.Add(new InspectedImage(image, await ConfigAsync(_store, image, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                missing.Add(name);
            }
        }

        return new ImageInspection(found, missing, refused);
    }

    /// <summary>A stored image's config, read through its manifest as any source's image is.</summary>
    internal static Task<ConfigDocument> ConfigAsync(ImageStore store, StoredImage image, CancellationToken cancellationToken) =>
        StoredImageOf(store, image).GetConfigAsync(cancellationToken);

    internal static SourceImage StoredImageOf(ImageStore store, StoredImage image)
    {
        var record = image.First;
        var what = record.Reference?.ToFamiliarString() ?? image.Id.ToString();
        var document = store.ReadManifestDocument(record.Manifest, record.MediaType, what)
            ?? throw new StoreException($"image {what} is damaged in the store: its manifest {record.Manifest} is missing; pull it again");
        return new SourceImage(new StoreSource(store), record.Repository, document);
    }
}
