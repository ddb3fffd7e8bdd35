using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Push;

/// <summary>
/// One layer of an image being pushed. Docker names a layer on push by its diff_id (the uncompressed content digest),
/// unlike pull, which shows the compressed blob digest; both are here so a face can show either.
/// </summary>
/// <param name="Digest">the blob digest (what is uploaded)</param>
/// <param name="DiffId">the config's rootfs.diff_ids entry for it (what docker push prints)</param>
/// <param name="IsForeign">a non-distributable layer (its descriptor lists URLs): never uploaded</param>
public sealed record LayerToPush(Digest Digest, Digest DiffId, long Size, bool IsForeign);
