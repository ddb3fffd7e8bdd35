using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ImageTasks.MSBuild;

/// <summary>How a pinned image travels between the tasks: an item whose metadata carries the pin.</summary>
internal static class ImageItems
{
    public const string Digest = "Digest";
    public const string MediaType = "MediaType";
    public const string PinnedReference = "PinnedReference";
    public const string Platforms = "Platforms";
    public const string PlatformDigests = "PlatformDigests";
    public const string MissingPlatforms = "MissingPlatforms";
    public const string AvailablePlatforms = "AvailablePlatforms";

    /// <summary>"true" when the registry was unreachable and the build uses the pinned image from the store (IMG1012).</summary>
    public const string RegistryUnreachable = "RegistryUnreachable";

    /// <summary>Metadata the CollectBaseImages target sets on the SDK's inferred base image: the container runtime identifiers.</summary>
    public const string RuntimeIdentifiers = "RuntimeIdentifiers";

    /// <summary>A BaseImage item (or ContainerBaseImage) as the model both faces share.</summary>
    public static DeclaredImage ToDeclared(ITaskItem item) =>
        new(item.ItemSpec, NullIfEmpty(item.GetMetadata(Platforms)), NullIfEmpty(item.GetMetadata(RuntimeIdentifiers)));

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static ITaskItem ToItem(PinnedImage image, ITaskItem declared)
    {
        var item = new TaskItem(declared.ItemSpec);
        declared.CopyMetadataTo(item);
        item.SetMetadata(Digest, image.Digest.ToString());
        item.SetMetadata(MediaType, image.MediaType);
        item.SetMetadata(PinnedReference, image.Pinned.ToString());
        item.SetMetadata(Platforms, string.Join(';', image.PlatformDigests.Keys.Concat(image.MissingPlatforms).Select(p => p.ToString())));
        item.SetMetadata(PlatformDigests, string.Join(';', image.PlatformDigests.Select(p => $"{p.Key}={p.Value}")));
        item.SetMetadata(MissingPlatforms, string.Join(';', image.MissingPlatforms));
        item.SetMetadata(AvailablePlatforms, string.Join(';', image.AvailablePlatforms));
        if (image.FromStoreRegistryUnreachable)
        {
            item.SetMetadata(RegistryUnreachable, "true");
        }

        return item;
    }

    public static PinnedImage FromItem(ITaskItem item)
    {
        var pinned = ImageReference.Parse(item.GetMetadata(PinnedReference));
        var digests = item.GetMetadata(PlatformDigests)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Platform.Parse(pair[0]), pair => Core.References.Digest.Parse(pair[1]));
        return new PinnedImage(
            ImageReference.Parse(item.ItemSpec).WithDefaultTag(),
            pinned,
            Core.References.Digest.Parse(item.GetMetadata(Digest)),
            item.GetMetadata(MediaType),
            digests,
            Split(item.GetMetadata(MissingPlatforms)),
            Split(item.GetMetadata(AvailablePlatforms)),
            null);
    }

    private static List<Platform> Split(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Platform.Parse).ToList();
}
