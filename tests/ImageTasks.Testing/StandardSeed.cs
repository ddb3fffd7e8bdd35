namespace ImageTasks.Testing;

/// <summary>
/// The shared set of images product tests pull, pushed in one call:
/// <list type="bullet">
/// <item><c>library/small:1.0</c> and <c>:latest</c> — one small Docker schema2 image under two tags.</item>
/// <item><c>oci/app:1</c> — an OCI image with two layers.</item>
/// <item><c>shared/one:1</c>, <c>shared/two:1</c> — Docker images whose first layer is the same blob.</item>
/// <item><c>multi/oci:1</c> — OCI index for linux/amd64, linux/arm64/v8, linux/arm/v7, windows/amd64 (os.version 10.0.20348.2227).</item>
/// <item><c>multi/docker:1</c> — Docker manifest list for the same platforms.</item>
/// </list>
/// Every config carries its platform and the label org.imagetasks.fixture.platform. Dispose it
/// to delete the layer files (the registry keeps its own copy).
/// </summary>
public sealed class StandardSeed : IDisposable
{
    public const string SmallRepository = "library/small";
    public const string OciRepository = "oci/app";
    public const string SharedOneRepository = "shared/one";
    public const string SharedTwoRepository = "shared/two";
    public const string MultiOciRepository = "multi/oci";
    public const string MultiDockerRepository = "multi/docker";

    private readonly ImageFactory _factory;

    private StandardSeed(
        string host,
        ImageFactory factory,
        SeededImage small,
        SeededImage oci,
        SeededImage sharedOne,
        SeededImage sharedTwo,
        LayerBlob sharedBaseLayer,
        SeededIndex multiOci,
        SeededIndex multiDocker)
    {
        Host = host;
        _factory = factory;
        Small = small;
        Oci = oci;
        SharedOne = sharedOne;
        SharedTwo = sharedTwo;
        SharedBaseLayer = sharedBaseLayer;
        MultiOci = multiOci;
        MultiDocker = multiDocker;
    }

    /// <summary>The platforms of both multi-platform entries, in index order.</summary>
    public static IReadOnlyList<ImagePlatform> Platforms { get; } =
    [
        ImagePlatform.LinuxAmd64,
        ImagePlatform.LinuxArm64V8,
        ImagePlatform.LinuxArmV7,
        ImagePlatform.WindowsAmd64,
    ];

    /// <summary>"127.0.0.1:PORT" of the seeded registry.</summary>
    public string Host { get; }

    /// <summary><c>library/small</c> with tags <c>1.0</c> and <c>latest</c> (Docker schema2, linux/amd64).</summary>
    public SeededImage Small { get; }

    /// <summary><c>oci/app:1</c> (OCI manifest, linux/amd64, two layers).</summary>
    public SeededImage Oci { get; }

    public SeededImage SharedOne { get; }

    public SeededImage SharedTwo { get; }

    /// <summary>The first layer of both <see cref="SharedOne"/> and <see cref="SharedTwo"/>.</summary>
    public LayerBlob SharedBaseLayer { get; }

    /// <summary><c>multi/oci:1</c>, an OCI image index.</summary>
    public SeededIndex MultiOci { get; }

    /// <summary><c>multi/docker:1</c>, a Docker manifest list.</summary>
    public SeededIndex MultiDocker { get; }

    public IReadOnlyList<SeededImage> Images => [Small, Oci, SharedOne, SharedTwo];

    public IReadOnlyList<SeededIndex> Indexes => [MultiOci, MultiDocker];

    /// <summary>"HOST/REPOSITORY:TAG".</summary>
    public string Reference(string repository, string tag) => $"{Host}/{repository}:{tag}";

    public static async Task<StandardSeed> SeedAsync(RegistryProcess registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var seeder = registry.CreateSeeder();
        return await SeedAsync(seeder, registry.Host, cancellationToken);
    }

    /// <summary>Builds and pushes the set through <paramref name="seeder"/>; <paramref name="host"/> only feeds <see cref="Reference"/>.</summary>
    public static async Task<StandardSeed> SeedAsync(RegistrySeeder seeder, string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seeder);
        var factory = new ImageFactory();
        try
        {
            var small = await factory.CreateImageAsync(
                new SyntheticImageOptions
                {
                    Name = "small",
                    Format = ManifestFormat.Docker,
                    FilesPerLayer = 3,
                    FileSize = 2048,
                    Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "3.19" },
                },
                cancellationToken);
            await seeder.PushImageAsync(SmallRepository, small, "1.0", cancellationToken);
            await seeder.TagAsync(SmallRepository, "1.0", "latest", cancellationToken);

            var oci = await factory.CreateImageAsync(
                new SyntheticImageOptions { Name = "oci-app", Format = ManifestFormat.Oci, NewLayers = 2 },
                cancellationToken);
            await seeder.PushImageAsync(OciRepository, oci, "1", cancellationToken);

            var sharedBase = await factory.CreateLayerAsync(cancellationToken: cancellationToken);
            var one = await factory.CreateImageAsync(
                new SyntheticImageOptions { Name = "shared-one", BaseLayers = [sharedBase] },
                cancellationToken);
            var two = await factory.CreateImageAsync(
                new SyntheticImageOptions { Name = "shared-two", BaseLayers = [sharedBase] },
                cancellationToken);
            await seeder.PushImageAsync(SharedOneRepository, one, "1", cancellationToken);
            await seeder.PushImageAsync(SharedTwoRepository, two, "1", cancellationToken);

            // One layer per platform, referenced by both the OCI and the Docker child, so the two
            // indexes differ only in media types and config labels.
            var ociChildren = new List<SyntheticImage>();
            var dockerChildren = new List<SyntheticImage>();
            foreach (var platform in Platforms)
            {
                var layer = await factory.CreateLayerAsync(cancellationToken: cancellationToken);
                ociChildren.Add(ImageFactory.CreateImage(
                    new SyntheticImageOptions { Name = "multi-oci", Format = ManifestFormat.Oci, Platform = platform, BaseLayers = [layer] },
                    [layer]));
                dockerChildren.Add(ImageFactory.CreateImage(
                    new SyntheticImageOptions { Name = "multi-docker", Format = ManifestFormat.Docker, Platform = platform, BaseLayers = [layer] },
                    [layer]));
            }

            var ociIndex = ImageFactory.CreateIndex(ManifestFormat.Oci, ociChildren);
            var dockerList = ImageFactory.CreateIndex(ManifestFormat.Docker, dockerChildren);
            await seeder.PushIndexAsync(MultiOciRepository, ociIndex, "1", cancellationToken);
            await seeder.PushIndexAsync(MultiDockerRepository, dockerList, "1", cancellationToken);

            return new StandardSeed(
                host,
                factory,
                new SeededImage(SmallRepository, ["1.0", "latest"], small),
                new SeededImage(OciRepository, ["1"], oci),
                new SeededImage(SharedOneRepository, ["1"], one),
                new SeededImage(SharedTwoRepository, ["1"], two),
                sharedBase,
                new SeededIndex(MultiOciRepository, "1", ociIndex),
                new SeededIndex(MultiDockerRepository, "1", dockerList));
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    public void Dispose() => _factory.Dispose();
}
