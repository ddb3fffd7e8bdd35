using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Images;

/// <summary>
/// A blob from a source that may serve the wrong bytes (a mirror), read whole into a temp file and checked against its
/// descriptor before a reader sees a byte of it. Only then can a wrong blob still be refused and fetched elsewhere: a
/// reader that had consumed the bytes could not take them back. In the store's temp folder the file keeps its name, so
/// the store adopts it by rename (it is swept with this process's other temp files if the process dies); elsewhere it
/// is unlinked as soon as it is open (Unix), so nothing is left behind even by a killed process.
/// </summary>
internal static class VerifiedSpool
{
    /// <summary>
    /// Copies <paramref name="content"/> to the spool, hashing as it goes, and returns the spool from its start; closing
    /// it deletes the file unless a store adopted it. Throws (and keeps nothing) when the bytes are longer or shorter
    /// than the descriptor or hash to another digest.
    /// </summary>
    /// <param name="path">the spool file to create (it must not exist)</param>
    /// <param name="forStore">whether <paramref name="path"/> is in a store's temp folder (kept linked, for the store to adopt)</param>
    public static async Task<Stream> ReadAsync(Stream content, Descriptor blob, string what, string path, bool forStore, CancellationToken cancellationToken)
    {
        var spooled = await SpooledBlob.WriteAsync(
            content, path, blob.Digest.Algorithm, blob.Size, () => Mismatch($"{what} is longer than the {blob.Size} bytes its descriptor says"), cancellationToken).ConfigureAwait(false);
        var stream = spooled.Open(ownsFile: true);
        try
        {
            if (spooled.Length != blob.Size)
            {
                throw Mismatch($"{what} has {spooled.Length} bytes, its descriptor says {blob.Size}");
            }

            if (spooled.Digest != blob.Digest)
            {
                throw Mismatch($"{what} does not match its digest: got {spooled.Digest}");
            }

            if (!forStore && !OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }

            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static RegistryException Mismatch(string message) => new(DiagnosticCodes.ContentMismatch, message);
}
