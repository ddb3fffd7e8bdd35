using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.References;
using ImageTasks.Core.Images;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Resolution;

namespace ImageTasks.Core.Operations.Pin;

/// <summary>What pinning did to one file: each reference pinned (to what), or left alone (and why).</summary>
public sealed record PinnedFile(string Path, IReadOnlyList<(FoundReference Found, string? Pinned)> References, bool Changed);

/// <summary>
/// <c>pin FILE...</c>: rewrites Dockerfile FROM lines and project files' base images to <c>tag@digest</c>, each digest
/// what the tag points to now (one HEAD per distinct reference). A file is replaced atomically, and only if it changed.
/// </summary>
public sealed class PinOperation
{
    private readonly ImageResolver _resolver;

    public PinOperation(RegistryClient registry) => _resolver = new ImageResolver(new MirroredRegistrySource(registry));

    public async Task<IReadOnlyList<PinnedFile>> ExecuteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var texts = paths.ToDictionary(p => p, p => File.Exists(p) ? File.ReadAllText(p) : throw UsageErrors.NoSuchFile(p));
        var found = texts.ToDictionary(t => t.Key, t => ReferenceRewriter.Find(t.Key, t.Value));

        // Resolve every distinct reference first: a bad one fails before any file is touched.
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in found.Values.SelectMany(f => f).Where(f => f.Skipped is null).Select(f => f.Reference).Distinct())
        {
            var head = await _resolver.CurrentAsync(ImageReference.Parse(reference), cancellationToken).ConfigureAwait(false);
            pins[reference] = $"{reference}{(ImageReference.Parse(reference).Tag is null ? ":latest" : "")}@{head.Digest}";
        }

        var results = new List<PinnedFile>();
        foreach (var (path, text) in texts)
        {
            var rewritten = ReferenceRewriter.Rewrite(path, text, pins);
            var changed = rewritten != text;
            if (changed)
            {
                var temp = path + ".imagetasks-" + Guid.NewGuid().ToString("N")[..8];
                await File.WriteAllTextAsync(temp, rewritten, cancellationToken).ConfigureAwait(false);
                File.Move(temp, path, overwrite: true);
            }

            results.Add(new PinnedFile(path, found[path].Select(f => (f, f.Skipped is null ? pins[f.Reference] : null)).ToList(), changed));
        }

        return results;
    }
}
