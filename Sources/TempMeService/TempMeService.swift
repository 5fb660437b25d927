// TempMeService module.
