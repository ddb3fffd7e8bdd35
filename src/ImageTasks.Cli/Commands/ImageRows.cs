using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Cli.Commands;

/// <summary>One line of <c>ls</c>: a repository and tag (or <c>&lt;none&gt;</c>) for an image, with the digest docker would show.</summary>
internal sealed record ImageRow(StoredImage Image, string Repository, string Tag, string Digest);

internal static class ImageRows
{
    private const string None = "<none>";

    /// <summary>
    /// Docker's rows for one image (cli/command/formatter/image.go): a row per tag of each repository; repositories
    /// known only by digest get one <c>repo &lt;none&gt;</c> row (one per digest with --digests); an image with no
    /// name at all is <c>&lt;none&gt; &lt;none&gt;</c>. Without --digests, a tag row's digest is <c>&lt;none&gt;</c>
    /// and a digest-only row's is empty, as docker's JSON shows them. Tag rows carry digests with --digests or when a
    /// template names {{.Digest}} (<paramref name="tagDigests"/>); digest-only rows split per digest with --digests only.
    /// </summary>
    public static IEnumerable<ImageRow> For(StoredImage image, bool tagDigests, bool digestRows)
    {
        var tagsByRepository = image.RepoTags.GroupBy(t => t.FamiliarRepository).ToDictionary(g => g.Key, g => g.Select(t => t.Tag!).ToList());
        var digestsByRepository = image.RepoDigests.GroupBy(d => d.FamiliarRepository).ToDictionary(g => g.Key, g => g.Select(d => d.Digest!.Value.ToString()).ToList());
        var any = false;
        foreach (var (repository, tags) in tagsByRepository.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var repoDigests = digestsByRepository.Remove(repository, out var found) && tagDigests ? found : [];
            foreach (var tag in tags)
            {
                any = true;
                if (repoDigests.Count == 0)
                {
                    yield return new ImageRow(image, repository, tag, None);
                    continue;
                }

                foreach (var digest in repoDigests)
                {
                    yield return new ImageRow(image, repository, tag, digest);
                }
            }
        }

        foreach (var (repository, repoDigests) in digestsByRepository.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            any = true;
            if (digestRows)
            {
                foreach (var digest in repoDigests)
                {
                    yield return new ImageRow(image, repository, None, digest);
                }
            }
            else
            {
                yield return new ImageRow(image, repository, None, "");
            }
        }

        if (!any)
        {
            yield return new ImageRow(image, None, None, None);
        }
    }

    public static string Id(Digest id, bool noTrunc) => noTrunc ? id.ToString() : id.ShortId;
}
