namespace MspHub.Tests;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
