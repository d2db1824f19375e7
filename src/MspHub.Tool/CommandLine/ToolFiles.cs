namespace MspHub.Tool;

/// <summary>
/// Opens the files a command line names, refusing a folder or a missing file with a message that names the option, so
/// the operator is told which argument to fix rather than what the operating system said.
/// </summary>
internal static class ToolFiles
{
    public static string ReadText(string path, string what)
    {
        Check(path, what);
        return File.ReadAllText(path);
    }

    public static FileStream OpenRead(string path, string what)
    {
        Check(path, what);
        return File.OpenRead(path);
    }

    private static void Check(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{what} '{path}' is a folder; give a file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
        }
    }
}
