using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Pull;

/// <param name="Reference">what was pulled (tag or digest form, full)</param>
/// <param name="RepoDigest">the digest the reference resolved to: the index digest for a multi-platform image</param>
/// <param name="Manifest">the platform manifest stored</param>
/// <param name="ImageId">the config digest (Docker's IMAGE ID)</param>
/// <param name="UpToDate">nothing new: the store already had this image under this name</param>
/// <param name="TagMove">set when the tag pointed to another image before; that image stays, untagged</param>
public sealed record PullResult(
    ImageReference Reference,
    Digest RepoDigest,
    Digest Manifest,
    Digest ImageId,
    Platform Platform,
    bool UpToDate,
    TagMove? TagMove,
    int LayersDownloaded,
    int LayersExisting,
    long BytesDownloaded);
