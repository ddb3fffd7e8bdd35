namespace ImageTasks.Testing;

/// <summary>A content descriptor: what a manifest or index says about one referenced object.</summary>
public sealed record SyntheticDescriptor(string MediaType, string Digest, long Size, ImagePlatform? Platform = null);
