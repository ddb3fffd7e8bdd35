using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>A tag that pointed to one image and now points to another; the previous image stays, untagged.</summary>
public sealed record TagMove(ImageReference Tag, Digest PreviousDigest, Digest CurrentDigest, bool PreviousIsDangling);
