namespace ImageTasks.Core.References;

/// <summary>
/// Which digest rule a string broke. Kept separate from the wording because the same rules are
/// reported two ways: in ImageTasks' own words by <see cref="Digest.Parse"/>, and in go-digest's
/// words ("invalid checksum digest length") when the digest is part of an image reference.
/// </summary>
internal enum DigestViolation
{
    None,

    /// <summary>No ':' between algorithm and hex, or nothing on one side of it.</summary>
    MissingSeparator,

    /// <summary>An algorithm other than sha256 or sha512.</summary>
    UnsupportedAlgorithm,

    /// <summary>The hex part is not exactly the algorithm's size in hex characters.</summary>
    WrongLength,

    /// <summary>The hex part holds something other than 0-9 and a-f.</summary>
    NotLowercaseHex,
}
