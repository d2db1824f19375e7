return MspHub.LicenseTool.LicenceTool.Run(args, Console.Out, Console.Error, TimeProvider.System);
