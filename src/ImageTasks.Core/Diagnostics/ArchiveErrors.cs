using ImageTasks.Core.Archives;

namespace ImageTasks.Core.Diagnostics;

/// <summary>The wording of every archive failure (IMG2012-IMG2014): the entry, the rule it broke, and what was kept.</summary>
public static class ArchiveErrors
{
    private const string NothingLoaded = "nothing was loaded";

    public static ArchiveException Unreadable(string why, Exception? cause = null) =>
        new(DiagnosticCodes.ArchiveUnreadable, $"invalid image archive: {why}; {NothingLoaded}", cause);

    public static ArchiveException UnsafePath(string name) =>
        Unreadable($"entry {Quote(name)} is an absolute path or leaves the archive (..)");

    public static ArchiveException Duplicate(string name) => Unreadable($"entry {Quote(name)} appears twice");

    public static ArchiveException BadLink(string name, string target) =>
        Unreadable($"entry {Quote(name)} links to {Quote(target)}, which is not a file of the archive");

    public static ArchiveException UnsupportedEntry(string name, string type) =>
        Unreadable($"entry {Quote(name)} is a {type}; an image archive holds only files, folders and links between its own files");

    public static ArchiveException TooManyEntries(int limit) =>
        Unreadable($"it has more than {limit} entries, far more than any image archive (a few per layer)");

    public static ArchiveException TooLarge(string name, long size, long limit) =>
        Unreadable($"{Quote(name)} is {size} bytes; documents above {limit} bytes are refused");

    public static ArchiveException Missing(string name, string neededBy) => Unreadable($"{Quote(name)} named by {neededBy} is not in the archive");

    /// <summary>A tar that ends early or is not a tar at all. The reader's own reason (.NET's wording) is kept as the cause only.</summary>
    public static ArchiveException Truncated(Exception cause) => Unreadable("it is truncated or not a tar archive", cause);

    /// <summary>An entry whose data ends before the size its header gives.</summary>
    public static ArchiveException Truncated(string name, long held, long declared) =>
        Unreadable($"it is truncated: entry {Quote(name)} holds {held} of the {declared} bytes its header says");

    public static ArchiveException NoImages() =>
        Unreadable("it has neither a manifest.json (docker save) nor an index.json (OCI layout) naming an image");

    public static ArchiveException Mismatch(string what, string detail) =>
        new(DiagnosticCodes.ArchiveContentMismatch, $"invalid image archive: {what} {detail}; {NothingLoaded}");

    /// <summary>The -o file cannot be created: named as the user gave it, not by the temp name it is written under.</summary>
    public static ArchiveException OutputUnwritable(string file, Exception cause) =>
        new(DiagnosticCodes.ArchiveOutputUnwritable, cause is DirectoryNotFoundException
            ? $"cannot write {file}: its folder {System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))} does not exist"
            : $"cannot write {file}: permission denied", cause);

    /// <summary>docker's words for <c>docker save</c> to a terminal.</summary>
    public static ArchiveException SaveToTerminal() =>
        new(DiagnosticCodes.ArchiveTerminal, "cowardly refusing to save to a terminal. Use the -o flag or redirect");

    /// <summary>docker's words for <c>docker load</c> with a terminal as its input.</summary>
    public static ArchiveException LoadFromTerminal() =>
        new(DiagnosticCodes.ArchiveTerminal, "requested load from stdin, but stdin is empty");

    /// <summary>Names quoted and cut short: an archive's names are the sender's, not ours.</summary>
    private static string Quote(string name) => "\"" + (name.Length > 120 ? name[..120] + "..." : name) + "\"";
}
