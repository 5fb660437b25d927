// TempMeStore module.
