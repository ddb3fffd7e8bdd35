using System.Buffers;
using System.Security.Cryptography;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>
/// A blob from a source that may serve the wrong bytes (a mirror), read whole into a temp file and checked against its
/// descriptor before a reader sees a byte of it. Only then can a wrong blob still be refused and fetched elsewhere: a
/// reader that had consumed the bytes could not take them back. The file is unlinked as soon as it is open (Unix), so
/// nothing is left behind even by a killed process; on Windows it goes when closed.
/// </summary>
internal static class VerifiedSpool
{
    /// <summary>
    /// Copies <paramref name="content"/> to the spool, hashing as it goes, and returns the spool from its start. Throws
    /// (and keeps nothing) when the bytes are longer or shorter than the descriptor or hash to another digest.
    /// </summary>
    /// <param name="path">the spool file to create (it must not exist): the store's temp folder when there is a store</param>
    public static async Task<Stream> ReadAsync(Stream content, Descriptor blob, string what, string path, CancellationToken cancellationToken)
    {
        var algorithm = blob.Digest.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }

            using var hash = IncrementalHash.CreateHash(algorithm);
            long received = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                received += read;
                if (received > blob.Size)
                {
                    throw Mismatch($"{what} is longer than the {blob.Size} bytes its descriptor says");
                }

                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            if (received != blob.Size)
            {
                throw Mismatch($"{what} has {received} bytes, its descriptor says {blob.Size}");
            }

            var actual = Digest.FromHex(blob.Digest.Algorithm, Convert.ToHexStringLower(hash.GetHashAndReset()));
            if (actual != blob.Digest)
            {
                throw Mismatch($"{what} does not match its digest: got {actual}");
            }

            await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RegistryException Mismatch(string message) => new(DiagnosticCodes.ContentMismatch, message);
}
