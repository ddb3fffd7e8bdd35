using System.Globalization;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Serving;

/// <summary>
/// The store as a read-only registry (distribution API v2), with no HTTP server in it: a request's method, path, page
/// and range in, a status, headers and a body out. Manifests go out as stored, byte for byte, with their own media
/// type (OCI or Docker), so every digest a client sees is the one the store holds. Names and references from the
/// request are only ever looked up (in the index, or parsed as a digest), never joined into a file path.
/// </summary>
public sealed class StoreRegistry
{
    /// <summary>distribution's catalog page when the client names no size, and the largest it accepts.</summary>
    public const int DefaultCatalogPage = 100;
    public const int MaxPage = 1000;

    private readonly ImageStore _store;

    public StoreRegistry(ImageStore store) => _store = store;

    public ServeResponse Handle(ServeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = V2Route.Parse(request.Path);
        if (!request.IsRead || route.Endpoint == V2Endpoint.Upload)
        {
            return Error(DistributionError.Unsupported(request.Method), ("Allow", "GET, HEAD"));
        }

        return route.Endpoint switch
        {
            V2Endpoint.Base => Json(200, "{}"u8.ToArray()),
            V2Endpoint.Catalog => Catalog(request),
            V2Endpoint.Tags => WithRepository(route, records => Tags(route.Name, records, request)),
            V2Endpoint.Manifest => WithRepository(route, records => Manifest(route.Reference, records)),
            V2Endpoint.Blob => WithRepository(route, _ => Blob(route.Reference, request.Range)),
            _ => Error(DistributionError.NotFound(request.Path)),
        };
    }

    /// <summary>The store's repositories by served name (see <see cref="ServedName"/>), read fresh for each request.</summary>
    public Dictionary<string, List<ImageRecord>> Repositories()
    {
        var repositories = new Dictionary<string, List<ImageRecord>>(StringComparer.Ordinal);
        foreach (var record in _store.ListImages())
        {
            if (ServedName.For(record.Repository) is { } name)
            {
                if (!repositories.TryGetValue(name, out var records))
                {
                    repositories[name] = records = [];
                }

                records.Add(record);
            }
        }

        return repositories;
    }

    private ServeResponse WithRepository(V2Route route, Func<List<ImageRecord>, ServeResponse> answer)
    {
        if (!ImageReference.IsValidRepositoryPath(route.Name))
        {
            return Error(DistributionError.NameInvalid(route.Name));
        }

        return Repositories().TryGetValue(route.Name, out var records) ? answer(records) : Error(DistributionError.NameUnknown(route.Name));
    }

    private ServeResponse Catalog(ServeRequest request) =>
        Page(request, DefaultCatalogPage, Repositories().Keys, "/v2/_catalog", (writer, names) =>
        {
            writer.WriteStartArray("repositories");
            names.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
        });

    private static ServeResponse Tags(string name, List<ImageRecord> records, ServeRequest request)
    {
        var tags = records.Select(r => r.Reference?.Tag).OfType<string>();
        return Page(request, int.MaxValue, tags, $"/v2/{name}/tags/list", (writer, page) =>
        {
            writer.WriteString("name", name);
            writer.WriteStartArray("tags");
            page.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// One page of a sorted list, distribution's way: the entries after <c>last</c>, at most <c>n</c> of them, and a
    /// <c>Link: &lt;...&gt;; rel="next"</c> header when more remain.
    /// </summary>
    private static ServeResponse Page(ServeRequest request, int defaultSize, IEnumerable<string> entries, string path, Action<Utf8JsonWriter, List<string>> write)
    {
        var size = defaultSize;
        if (request.PageSize is { } n && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size > MaxPage))
        {
            return Error(DistributionError.PaginationNumberInvalid(n));
        }

        var after = request.PageAfter ?? "";
        var remaining = entries.Distinct().Where(e => string.CompareOrdinal(e, after) > 0).Order(StringComparer.Ordinal).ToList();
        var page = remaining.Take(size).ToList();

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer, page);
            writer.WriteEndObject();
        }

        var response = Json(200, buffer.ToArray());
        if (page.Count > 0 && remaining.Count > page.Count)
        {
            var next = string.Create(CultureInfo.InvariantCulture, $"<{path}?last={Uri.EscapeDataString(page[^1])}&n={size}>; rel=\"next\"");
            response = response with { Headers = [.. response.Headers, new("Link", next)] };
        }

        return response;
    }

    private ServeResponse Manifest(string reference, List<ImageRecord> records)
    {
        ImageRecord? record;
        Digest digest;
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(reference, out digest))
            {
                return Error(DistributionError.DigestInvalid(reference));
            }

            var wanted = digest;
            record = records.FirstOrDefault(r => r.Manifest == wanted || r.RepoDigest == wanted);
        }
        else
        {
            if (!ImageReference.IsValidTag(reference))
            {
                return Error(DistributionError.TagInvalid(reference));
            }

            // A tag pulled through a manifest list is served as that list (what the tag resolved to, Docker's
            // RepoDigest), so a client picks its platform as it would from the origin; the platforms the store lacks
            // are then unknown manifests. Without the list's bytes, the platform's own manifest.
            record = records.FirstOrDefault(r => r.Reference?.Tag == reference);
            digest = record?.RepoDigest is { } listed && _store.HasBlob(listed) ? listed : record?.Manifest ?? default;
        }

        if (record is null)
        {
            return Error(DistributionError.ManifestUnknown(reference));
        }

        ManifestDocument? document;
        try
        {
            document = _store.ReadManifestDocument(digest, record.Manifest == digest ? record.MediaType : null, $"{record.Repository}@{digest}");
        }
        catch (ImageTasksException e)
        {
            return Error(DistributionError.Unknown(e.Message));
        }

        return document is null
            ? Error(DistributionError.ManifestUnknown(reference))
            : new ServeResponse(200, Headers(("Content-Type", document.MediaType), ("Docker-Content-Digest", document.Digest.ToString()), ("ETag", $"\"{document.Digest}\"")))
            {
                Bytes = document.Bytes,
            };
    }

    /// <summary>
    /// A blob by digest. The store is one content-addressed pool with no access control of its own, so any blob it
    /// holds is served under any of its repositories (as a registry's own blob store would be, were its links not
    /// about permissions).
    /// </summary>
    private ServeResponse Blob(string reference, string? rangeHeader)
    {
        if (!Digest.TryParse(reference, out var digest))
        {
            return Error(DistributionError.DigestInvalid(reference));
        }

        var file = new FileInfo(_store.BlobPath(digest));
        if (!file.Exists)
        {
            return Error(DistributionError.BlobUnknown(reference));
        }

        var size = file.Length;
        var common = new[]
        {
            ("Content-Type", "application/octet-stream"), ("Docker-Content-Digest", digest.ToString()), ("ETag", $"\"{digest}\""), ("Accept-Ranges", "bytes"),
        };
        var range = ByteRange.Evaluate(rangeHeader, size);
        if (range.IsUnsatisfiable)
        {
            return Error(new DistributionError(416, "RANGE_INVALID", "requested range not satisfiable", rangeHeader),
                ("Content-Range", string.Create(CultureInfo.InvariantCulture, $"bytes */{size}")));
        }

        return range.Range is { } part
            ? new ServeResponse(206, Headers([.. common, ("Content-Range", part.ContentRange(size))])) { Blob = (digest, part) }
            : new ServeResponse(200, Headers(common)) { Blob = (digest, new ByteRange(0, size)) };
    }

    private static ServeResponse Json(int status, byte[] body) => new(status, Headers(("Content-Type", ServeResponse.JsonType))) { Bytes = body };

    private static ServeResponse Error(DistributionError error, params (string Name, string Value)[] extra)
    {
        var response = ServeResponse.ForError(error);
        return extra.Length == 0 ? response : response with { Headers = [.. response.Headers, .. extra.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))] };
    }

    private static List<KeyValuePair<string, string>> Headers(params (string Name, string Value)[] headers) =>
        [new(ServeResponse.ApiVersionHeader, ServeResponse.ApiVersion), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];
}
