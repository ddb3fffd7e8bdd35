using System.Formats.Tar;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Archives;

/// <summary>
/// Reads an image archive once, in order, from a file or a pipe (gzip or not), into a <see cref="SpooledArchive"/>.
/// Nothing the archive says is trusted: names are made canonical and may not leave it, a name may appear once, links
/// must name the archive's own files, entry types other than files, folders and links are refused, and the entry count
/// is bounded. A tar whose data ends before its headers say is truncated. Blobs named by digest (<c>blobs/sha256/HEX</c>,
/// <c>blobs/sha512/HEX</c>) must hash to their name.
/// </summary>
internal static class ArchiveReader
{
    /// <summary>An image archive holds a few entries per layer (docker 20.10: a folder and three files): this is generous.</summary>
    public const int MaxEntries = 4096;

    public static async Task<SpooledArchive> ReadAsync(Stream input, ImageStore store, CancellationToken cancellationToken)
    {
        var archive = new SpooledArchive();
        try
        {
            await using var tar = await ArchiveInput.OpenTarAsync(input, cancellationToken).ConfigureAwait(false);
            await using var reader = new TarReader(tar, leaveOpen: true);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            while (await NextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (++count > MaxEntries)
                {
                    throw ArchiveErrors.TooManyEntries(MaxEntries);
                }

                await AddAsync(archive, folders, entry, store, cancellationToken).ConfigureAwait(false);
            }

            archive.CheckLinks();
            CheckNamedBlobs(archive);
            return archive;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static async Task<TarEntry?> NextAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBrokenTar(e))
        {
            throw ArchiveErrors.Truncated(e);
        }
    }

    private static bool IsBrokenTar(Exception e) => e is EndOfStreamException or InvalidDataException or FormatException or ArgumentException or OverflowException;

    private static async Task AddAsync(SpooledArchive archive, HashSet<string> folders, TarEntry entry, ImageStore store, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return; // PAX metadata for what follows (TarReader applies per-entry attributes itself)
            case TarEntryType.Directory:
                // A folder named twice is harmless, but not a folder that is also a file.
                var folder = ArchivePath.Normalize(entry.Name);
                if (archive.Contains(folder))
                {
                    throw ArchiveErrors.Duplicate(entry.Name);
                }

                folders.Add(folder);
                return;
        }

        var name = ArchivePath.Normalize(entry.Name);
        if (name.Length == 0 || archive.Contains(name) || folders.Contains(name))
        {
            throw name.Length == 0 ? ArchiveErrors.UnsafePath(entry.Name) : ArchiveErrors.Duplicate(entry.Name);
        }

        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                archive.AddFile(await SpoolAsync(name, entry, store, cancellationToken).ConfigureAwait(false));
                return;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                var target = ArchivePath.LinkTarget(name, entry.LinkName, entry.EntryType == TarEntryType.SymbolicLink)
                    ?? throw ArchiveErrors.BadLink(entry.Name, entry.LinkName);
                archive.AddLink(name, target);
                return;
            default:
                throw ArchiveErrors.UnsupportedEntry(entry.Name, entry.EntryType.ToString());
        }
    }

    /// <summary>
    /// Copies one file's bytes to a temp file of the store, hashing them as they pass: with the algorithm its name gives
    /// (<c>blobs/sha512/HEX</c>), else sha256, the digest docker's own files are known by.
    /// </summary>
    private static async Task<SpooledFile> SpoolAsync(string name, TarEntry entry, ImageStore store, CancellationToken cancellationToken)
    {
        var algorithm = NamedDigest(name)?.Algorithm ?? "sha256";
        SpooledBlob blob;
        try
        {
            // The header's length bounds the read: TarReader's data stream never gives more.
            blob = await SpooledBlob.WriteAsync(entry.DataStream ?? Stream.Null, store.NewTempPath("archive"), algorithm, long.MaxValue, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBrokenTar(e))
        {
            throw ArchiveErrors.Truncated(e);
        }

        if (blob.Length != entry.Length)
        {
            ImageStore.TryDelete(blob.Path);
            throw ArchiveErrors.Truncated(name, blob.Length, entry.Length);
        }

        return new SpooledFile(name, blob);
    }

    /// <summary>The digest an OCI layout's blob name gives (<c>blobs/ALGORITHM/HEX</c>), or null for any other name.</summary>
    private static Digest? NamedDigest(string name) =>
        name.Split('/') is ["blobs", var algorithm, var hex] && Digest.TryParse($"{algorithm}:{hex}", out var named) ? named : null;

    /// <summary>An OCI layout names blobs by their digest: a blob whose bytes hash to something else is a lie, refused here.</summary>
    private static void CheckNamedBlobs(SpooledArchive archive)
    {
        foreach (var file in archive.Files)
        {
            if (NamedDigest(file.Name) is { } named && named != file.Digest)
            {
                throw ArchiveErrors.Mismatch(file.Name, $"has content with digest {file.Digest}");
            }
        }
    }
}
