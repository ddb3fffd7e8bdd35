namespace ImageTasks.Cli.Rendering;

/// <summary>The type of <see cref="GoValues.Missing"/>: no value at all, which Go prints as &lt;no value&gt;.</summary>
internal sealed class MissingValue
{
}
