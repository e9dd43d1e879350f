/** The `larkgate config` group's summary, shared by the manifest (help without loading) and the command. */
export const CONFIG_GROUP_DESCRIPTION = 'check a larkgate.yaml before starting anything with it';
