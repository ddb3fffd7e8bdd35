namespace ImageTasks.Core.References;

/// <summary>
/// What Docker's grammar reads out of a reference string, before any of <see cref="ImageReference"/>'s
/// derived forms are built. <see cref="Domain"/> is empty when the grammar found no domain: that is
/// Docker's own answer for un-normalised names such as "test_com" (and, through normalisation, for a
/// first component like "foo_bar.com" that looks like a domain but is only a valid path component).
/// </summary>
internal readonly record struct ReferenceParts(string Domain, string Path, string? Tag, Digest? Digest);
