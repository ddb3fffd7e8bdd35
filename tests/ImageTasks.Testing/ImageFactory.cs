using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImageTasks.Testing;

/// <summary>
/// Builds synthetic images: real tar.gz layers of random files written to a private temp
/// folder (so large layers never sit in memory), configs with correct diff_ids and history,
/// Docker or OCI manifests and indexes. Disposing deletes the folder, so keep the factory alive
/// as long as layer files are needed.
/// </summary>
public sealed class ImageFactory : IDisposable
{
    private const int ChunkSize = 81920;

    // One Random per factory (not static) so parallel tests do not share state; a seed makes
    // layer content reproducible when a test wants that.
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private int _layerCounter;

    public ImageFactory(int? seed = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
        Directory = System.IO.Directory.CreateTempSubdirectory("imagetasks-images-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "blobs"));
    }

    /// <summary>The temp folder holding layer files.</summary>
    public string Directory { get; }

    /// <summary>Creates a gzip tar layer with <paramref name="fileCount"/> files of <paramref name="fileSize"/> random bytes.</summary>
    public async Task<LayerBlob> CreateLayerAsync(int fileCount = 3, int fileSize = 4096, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileCount);
        ArgumentOutOfRangeException.ThrowIfNegative(fileSize);

        var number = Interlocked.Increment(ref _layerCounter);
        var work = Path.Combine(Directory, $"work-{number}");
        System.IO.Directory.CreateDirectory(work);
        try
        {
            var tarPath = Path.Combine(work, "layer.tar");
            var files = new List<string>();
            var mtime = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
            await using (var tarStream = File.Create(tarPath))
            await using (var writer = new TarWriter(tarStream, TarEntryFormat.Pax, leaveOpen: false))
            {
                var folder = $"layer{number}/";
                await writer.WriteEntryAsync(
                    new PaxTarEntry(TarEntryType.Directory, folder)
                    {
                        Mode = (UnixFileMode)0b111_101_101,
                        ModificationTime = mtime,
                    },
                    cancellationToken);

                for (var i = 0; i < fileCount; i++)
                {
                    // Random data goes to a scratch file first so the tar writer can stream it.
                    var dataPath = Path.Combine(work, $"data-{i}");
                    await WriteRandomFileAsync(dataPath, fileSize, cancellationToken);
                    var name = $"{folder}file-{i}.bin";
                    await using var data = File.OpenRead(dataPath);
                    await writer.WriteEntryAsync(
                        new PaxTarEntry(TarEntryType.RegularFile, name)
                        {
                            Mode = (UnixFileMode)0b110_100_100,
                            ModificationTime = mtime,
                            DataStream = data,
                        },
                        cancellationToken);
                    files.Add(name);
                }
            }

            var diffId = await Digests.Sha256FileAsync(tarPath, cancellationToken);
            var uncompressedSize = new FileInfo(tarPath).Length;

            var gzPath = Path.Combine(work, "layer.tar.gz");
            await using (var source = File.OpenRead(tarPath))
            await using (var target = File.Create(gzPath))
            await using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
            {
                await source.CopyToAsync(gzip, cancellationToken);
            }

            // The digest is computed over the file as written, never over a recompression.
            var digest = await Digests.Sha256FileAsync(gzPath, cancellationToken);
            var finalPath = Path.Combine(Directory, "blobs", Digests.Hex(digest) + ".tar.gz");
            File.Move(gzPath, finalPath, overwrite: true);
            return new LayerBlob(finalPath, digest, new FileInfo(finalPath).Length, diffId, uncompressedSize, files, (long)fileCount * fileSize);
        }
        finally
        {
            System.IO.Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Creates an image: <see cref="SyntheticImageOptions.BaseLayers"/> followed by fresh layers.</summary>
    public async Task<SyntheticImage> CreateImageAsync(SyntheticImageOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SyntheticImageOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.NewLayers);
        if (options.BaseLayers.Count + options.NewLayers == 0)
        {
            throw new ArgumentException("An image needs at least one layer.", nameof(options));
        }

        var layers = new List<LayerBlob>(options.BaseLayers);
        for (var i = 0; i < options.NewLayers; i++)
        {
            layers.Add(await CreateLayerAsync(options.FilesPerLayer, options.FileSize, cancellationToken));
        }

        return CreateImage(options, layers);
    }

    /// <summary>Creates an image over exactly <paramref name="layers"/> (options' layer settings are ignored).</summary>
    public static SyntheticImage CreateImage(SyntheticImageOptions options, IReadOnlyList<LayerBlob> layers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layers);

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        labels["org.imagetasks.fixture.name"] = options.Name;
        labels["org.imagetasks.fixture.platform"] = options.Platform.ToString();

        var config = new ConfigBlob(
            WriteConfig(options, layers, labels, options.BaseLayers.Count),
            FixtureMediaTypes.Config(options.Format),
            options.Platform);
        var manifest = WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", FixtureMediaTypes.Manifest(options.Format));
            w.WritePropertyName("config");
            WriteDescriptor(w, config.Descriptor);
            w.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                WriteDescriptor(w, layer.DescriptorFor(options.Format));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

        return new SyntheticImage(options.Name, options.Format, manifest, config, layers.ToArray(), labels);
    }

    /// <summary>Creates an OCI index (<see cref="ManifestFormat.Oci"/>) or Docker manifest list over the images.</summary>
    public static SyntheticIndex CreateIndex(ManifestFormat format, IEnumerable<SyntheticImage> images)
    {
        var children = images.ToArray();
        if (children.Length == 0)
        {
            throw new ArgumentException("An index needs at least one image.", nameof(images));
        }

        var bytes = WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", FixtureMediaTypes.Index(format));
            w.WriteStartArray("manifests");
            foreach (var image in children)
            {
                WriteDescriptor(w, image.Descriptor);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return new SyntheticIndex(format, bytes, children);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean.
        }
    }

    private static byte[] WriteConfig(SyntheticImageOptions options, IReadOnlyList<LayerBlob> layers, IReadOnlyDictionary<string, string> labels, int baseLayerCount)
    {
        var platform = options.Platform;
        return WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("created", options.Created.AddMinutes(layers.Count + 2));
            platform.WritePlatformProperties(w);
            w.WriteStartObject("config");
            w.WriteStartArray("Env");
            w.WriteStringValue("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            w.WriteEndArray();
            w.WriteStartArray("Cmd");
            w.WriteStringValue("/bin/sh");
            w.WriteEndArray();
            w.WriteString("WorkingDir", "/");
            w.WriteStartObject("Labels");
            foreach (var (key, value) in labels)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            foreach (var layer in layers)
            {
                w.WriteStringValue(layer.DiffId);
            }

            w.WriteEndArray();
            w.WriteEndObject();

            // One history entry per layer plus metadata-only steps marked empty_layer, the shape
            // real builders produce and that tools pair with layers by skipping empty ones.
            w.WriteStartArray("history");
            for (var i = 0; i < layers.Count; i++)
            {
                var hex = Digests.Hex(layers[i].DiffId)[..16];
                w.WriteStartObject();
                w.WriteString("created", options.Created.AddMinutes(i));
                w.WriteString(
                    "created_by",
                    i < baseLayerCount
                        ? $"/bin/sh -c #(nop) ADD file:{hex} in / "
                        : $"/bin/sh -c #(nop) COPY file:{hex} in /layer{i} ");
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteString("created", options.Created.AddMinutes(layers.Count));
            w.WriteString("created_by", $"/bin/sh -c #(nop)  LABEL org.imagetasks.fixture.name={options.Name}");
            w.WriteBoolean("empty_layer", true);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("created", options.Created.AddMinutes(layers.Count + 1));
            w.WriteString("created_by", "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]");
            w.WriteBoolean("empty_layer", true);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteDescriptor(Utf8JsonWriter writer, SyntheticDescriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteNumber("size", descriptor.Size);
        writer.WriteString("digest", descriptor.Digest);
        if (descriptor.Platform is { } platform)
        {
            writer.WriteStartObject("platform");
            platform.WritePlatformProperties(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,

            // Real manifests carry a literal '+' in media types; the default encoder would write \u002B.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task WriteRandomFileAsync(string path, long size, CancellationToken cancellationToken)
    {
        var chunk = new byte[(int)Math.Min(size, ChunkSize)];
        await using var file = File.Create(path);
        for (var remaining = size; remaining > 0; remaining -= chunk.Length)
        {
            var count = (int)Math.Min(remaining, chunk.Length);
            lock (_randomGate)
            {
                _random.NextBytes(chunk.AsSpan(0, count));
            }

            await file.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
        }
    }
}
