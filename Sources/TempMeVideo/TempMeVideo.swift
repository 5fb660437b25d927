// TempMeVideo module.
