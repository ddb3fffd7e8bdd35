namespace ImageTasks.Core.Registry;

/// <summary>One repository a search found, with the fields Docker Hub's search API reports.</summary>
/// <param name="Name">as the index names it ("alpine", "bitnami/redis"), or HOST/PATH for a registry's catalog</param>
/// <param name="IsAutomated">deprecated by Docker Hub: always false in what the search operation returns, as in docker 28</param>
public sealed record SearchResult(string Name, string Description, int StarCount, bool IsOfficial, bool IsAutomated);
