using ImageTasks.Core.Platforms;

namespace ImageTasks.Core.Operations.Save;

/// <summary>What <c>save</c> writes: images named as <c>rm</c> and <c>inspect</c> name them (reference, ID or ID prefix).</summary>
/// <param name="Platform">which platform of a multi-platform image the store holds (docker's --platform); null: the one the name finds</param>
public sealed record SaveOptions(IReadOnlyList<string> Images, Platform? Platform = null);
