// TempMeRPC module.
