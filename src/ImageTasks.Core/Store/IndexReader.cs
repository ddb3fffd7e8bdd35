using System.Globalization;
using System.Text.Json;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store;

/// <summary>
/// Reads index.json in one forward pass straight into <see cref="ImageRecord"/>s (what <c>ls</c> and every pull do
/// first): no descriptor objects or annotation dictionaries for our entries, each repository parsed once however many
/// tags it has, and a tag's reference built from its repository rather than parsed again. Entries another tool wrote
/// go to the serializer as they are, so they are kept exactly as <see cref="Descriptor"/> reads them. The result is the
/// one <see cref="ImageRecord.FromDescriptor"/> gives for each entry.
/// </summary>
internal static class IndexReader
{
    private const int MaxStackChars = 512;

    public static (List<ImageRecord> Records, List<ForeignEntry> Foreign) Read(byte[] json)
    {
        var records = new List<ImageRecord>();
        var foreign = new List<ForeignEntry>();
        var repositories = new Dictionary<string, Repository>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        try
        {
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "index.json is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isManifests = reader.ValueTextEquals("manifests"u8);
                reader.Read();
                if (!isManifests || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }

                Expect(reader.TokenType == JsonTokenType.StartArray, "manifests is not an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    if (ReadEntry(ref reader, repositories) is { } record)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        var entry = json.AsSpan(start, (int)reader.BytesConsumed - start);
                        Expect(json[start] == (byte)'{', "manifests holds an entry that is not an object");
                        foreign.Add(ForeignEntry.From(entry));
                    }
                }
            }

            Expect(reader.TokenType == JsonTokenType.EndObject && !reader.Read(), "index.json does not end where its object ends");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new JsonException(e.Message, e); // a value of the wrong type: what the serializer would call invalid JSON
        }

        return (records, foreign);
    }

    /// <summary>One manifests entry, the reader on its first token; leaves the reader on its last. Null: not ours.</summary>
    private static ImageRecord? ReadEntry(ref Utf8JsonReader reader, Dictionary<string, Repository> repositories)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? mediaType = "";
        long size = 0;
        Digest? manifest = null;
        PlatformSpec? platform = null;
        var ours = new Annotations();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("mediaType"u8))
            {
                reader.Read();
                mediaType = MediaTypeOf(ref reader);
            }
            else if (reader.ValueTextEquals("digest"u8))
            {
                reader.Read();
                manifest = DigestOf(ref reader);
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                reader.Read();
                size = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("platform"u8))
            {
                reader.Read();
                platform = PlatformOf(ref reader);
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                reader.Read();
                ours = AnnotationsOf(ref reader, repositories);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (manifest is not { } manifestDigest || ours.Repository is not { } repository || ours.Config is not { } config)
        {
            return null;
        }

        return new ImageRecord
        {
            Manifest = manifestDigest,
            MediaType = mediaType!,
            ManifestSize = size,
            Config = config,
            Reference = ours.RefName is null ? null : Tagged(repository, ours.RefName),
            Repository = repository,
            RepoDigest = ours.RepoDigest,
            Platform = platform,
            Created = ours.Created,
            Size = ours.Size,
            Pulled = ours.Pulled,
        };
    }

    /// <summary>The annotations an entry of ours carries, parsed as <see cref="ImageRecord.FromDescriptor"/> parses them.</summary>
    private struct Annotations
    {
        public Repository? Repository;
        public Digest? Config;
        public string? RefName;
        public Digest? RepoDigest;
        public DateTimeOffset? Created;
        public long Size;
        public DateTimeOffset Pulled;
    }

    private static Annotations AnnotationsOf(ref Utf8JsonReader reader, Dictionary<string, Repository> repositories)
    {
        var a = new Annotations();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return a;
        }

        Expect(reader.TokenType == JsonTokenType.StartObject, "annotations is not an object");
        var repositoryText = (string?)null;
        Span<char> buffer = stackalloc char[MaxStackChars];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader;
            reader.Read();
            Expect(reader.TokenType == JsonTokenType.String, "an annotation's value is not a string");
            if (key.ValueTextEquals(ImageRecord.RepositoryAnnotation))
            {
                repositoryText = reader.GetString();
            }
            else if (key.ValueTextEquals(ImageRecord.ConfigAnnotation))
            {
                a.Config = Digest.TryCreate(Chars(reader, buffer), out var d) == DigestViolation.None ? d : null;
            }
            else if (key.ValueTextEquals(ImageRecord.RefNameAnnotation))
            {
                a.RefName = reader.GetString();
            }
            else if (key.ValueTextEquals(ImageRecord.RepoDigestAnnotation))
            {
                a.RepoDigest = Digest.TryCreate(Chars(reader, buffer), out var d) == DigestViolation.None ? d : null;
            }
            else if (key.ValueTextEquals(ImageRecord.CreatedAnnotation))
            {
                a.Created = ImageRecord.TryParseTime(Chars(reader, buffer), out var created) ? created : null;
            }
            else if (key.ValueTextEquals(ImageRecord.SizeAnnotation))
            {
                a.Size = long.TryParse(Chars(reader, buffer), CultureInfo.InvariantCulture, out var s) ? s : 0;
            }
            else if (key.ValueTextEquals(ImageRecord.PulledAnnotation))
            {
                a.Pulled = ImageRecord.TryParseTime(Chars(reader, buffer), out var pulled) ? pulled : default;
            }
        }

        // Only an entry with both our annotations and valid digests is ours: parse its repository then, once per name.
        if (repositoryText is not null && a.Config is not null)
        {
            if (!repositories.TryGetValue(repositoryText, out var repository))
            {
                repository = ImageReference.Parse(repositoryText).Repository;
                repositories[repositoryText] = repository;
            }

            a.Repository = repository;
        }

        return a;
    }

    /// <summary>
    /// The tagged reference <paramref name="refName"/> names: its repository's reference with the tag when it reads
    /// "REPOSITORY:TAG" for a repository written in full (as the store writes both), otherwise parsed from scratch.
    /// </summary>
    private static ImageReference Tagged(Repository repository, string refName)
    {
        var name = repository.ToString();
        if (refName.Length > name.Length + 1 && refName[name.Length] == ':' && refName.StartsWith(name, StringComparison.Ordinal))
        {
            var tag = refName[(name.Length + 1)..];
            if (ImageReference.IsValidTag(tag))
            {
                return repository.WithTag(tag);
            }
        }

        return ImageReference.Parse(refName);
    }

    private static ReadOnlySpan<char> Chars(Utf8JsonReader reader, Span<char> buffer) =>
        reader.ValueSpan.Length <= buffer.Length ? buffer[..reader.CopyString(buffer)] : reader.GetString().AsSpan();

    private static Digest? DigestOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[MaxStackChars];
        return Digest.TryCreate(Chars(reader, buffer), out var digest) == DigestViolation.None ? digest : null;
    }

    /// <summary>The media types the store writes come back as the same string instances.</summary>
    private static string? MediaTypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var known in (ReadOnlySpan<string>)[MediaTypes.OciManifest, MediaTypes.DockerManifest, MediaTypes.OciIndex, MediaTypes.DockerManifestList])
            {
                if (reader.ValueTextEquals(known))
                {
                    return known;
                }
            }
        }

        return reader.GetString();
    }

    private static PlatformSpec? PlatformOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader.TokenType == JsonTokenType.StartObject, "platform is not an object");
        string? os = "", architecture = "", variant = null, osVersion = null;
        List<string>? features = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader;
            reader.Read();
            if (key.ValueTextEquals("architecture"u8))
            {
                architecture = reader.GetString();
            }
            else if (key.ValueTextEquals("os"u8))
            {
                os = reader.GetString();
            }
            else if (key.ValueTextEquals("variant"u8))
            {
                variant = reader.GetString();
            }
            else if (key.ValueTextEquals("os.version"u8))
            {
                osVersion = reader.GetString();
            }
            else if (key.ValueTextEquals("os.features"u8) && reader.TokenType == JsonTokenType.StartArray)
            {
                features = [];
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    features.Add(reader.GetString()!);
                }

                Expect(reader.TokenType == JsonTokenType.EndArray, "os.features is not an array of strings");
            }
            else
            {
                reader.Skip();
            }
        }

        return new PlatformSpec { Os = os!, Architecture = architecture!, Variant = variant, OsVersion = osVersion, OsFeatures = features };
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new JsonException(what);
        }
    }
}
