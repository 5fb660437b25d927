// TempMeProto module.
