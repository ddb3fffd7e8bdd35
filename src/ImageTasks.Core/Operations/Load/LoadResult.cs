using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Load;

/// <summary>What a load stored: each image with the names it now has, in the archive's order.</summary>
public sealed record LoadResult(IReadOnlyList<LoadedImage> Images);

/// <param name="Id">the image ID (config digest)</param>
/// <param name="Tags">the names the archive gave it; empty for an untagged image (docker prints its ID)</param>
/// <param name="Replaced">tags that named another image before the load (that image stays, without this tag)</param>
public sealed record LoadedImage(Digest Id, IReadOnlyList<ImageReference> Tags, IReadOnlyList<ReplacedTag> Replaced);

/// <summary>A tag the load took from another image: docker says "renaming the old one with ID ... to empty string".</summary>
public sealed record ReplacedTag(ImageReference Tag, Digest PreviousId);
