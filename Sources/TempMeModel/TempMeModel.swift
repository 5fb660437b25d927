// TempMeModel module.
