// The app's identity for Windows (taskbar grouping, shortcuts); electron-builder.json's appId is
// the same (a unit test keeps them equal).
export const APP_ID = 'cn.clean-heating.desk'
